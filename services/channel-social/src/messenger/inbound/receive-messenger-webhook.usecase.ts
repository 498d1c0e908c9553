import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { PageDirectory } from '../pages/page-directory';
import type { ReceiptSource, SendClaimsRepository } from '@threadline/outbound';
import { warnIfTruncated } from '../../inbound/contact-text';
import type { SocialMetrics } from '../../social-metrics';
import { messengerToContact, type MessengerEvent, type MessengerWebhook, readMessengerEvents } from './messenger-webhook';

type ContactEvent = Extract<MessengerEvent, { kind: 'contact' }>;
export type EventOutcome = 'published' | 'duplicate' | 'ignored' | 'malformed' | 'unknown-page' | 'delivered';

export interface ReceiveMessengerDeps {
  pages: PageDirectory;
  publisher: EventPublisher;
  sends: SendClaimsRepository;
  metrics: SocialMetrics;
  logger: Logger;
}

/**
 * A verified Messenger webhook: every customer message and postback becomes
 * contact.received.v1, acknowledged by Kafka before Meta gets its 200, with
 * no store write on the way (Meta wants its answer fast, and on FerretDB
 * every upsert scans its collection). A redelivered message publishes the
 * same event id again and the tickets service keeps one contact;
 * delivery receipts of our messages become delivery.updated.v1; echoes of
 * what the Page sent and reads are no contacts. An item we cannot read or do
 * not take (a reaction, an edit, standby, an opt-in) is counted and logged,
 * and the rest of the POST goes on: Meta gets its 200 either way.
 */
export class ReceiveMessengerWebhook {
  constructor(private readonly deps: ReceiveMessengerDeps) {}

  async execute(webhook: MessengerWebhook, now = new Date()): Promise<EventOutcome[]> {
    const events = readMessengerEvents(webhook);
    const outcomes = new Array<EventOutcome>(events.length);
    const firstOfMid = new Set<string>();
    // One conversation's events in order (Meta sends a customer's messages in order; their ticket shows them so);
    // different conversations at once, so their publishes share a Kafka batch.
    await Promise.all(
      [...conversationsOf(events).values()].map(async (indexes) => {
        for (const i of indexes) {
          const event = events[i];
          if (event.kind === 'contact' && firstOfMid.has(event.mid)) {
            // The same mid twice in one POST: handled once.
            outcomes[i] = 'duplicate';
            continue;
          }
          if (event.kind === 'contact') firstOfMid.add(event.mid);
          outcomes[i] = await this.handle(event, now);
        }
      }),
    );
    outcomes.forEach((outcome) => this.deps.metrics.received.inc({ channel: 'messenger', outcome }));
    return outcomes;
  }

  private async handle(event: MessengerEvent, now: Date): Promise<EventOutcome> {
    const page = await this.deps.pages.find(event.pageId);
    if (!page) {
      // Answered 200 all the same: Meta would only retry an event no workspace will ever own.
      this.deps.logger.warn({ pageId: event.pageId, kind: event.kind }, 'Messenger event for a Page no workspace owns; dropped');
      return 'unknown-page';
    }
    switch (event.kind) {
      case 'contact':
        return this.receiveContact(page.workspaceId, event, now);
      case 'delivery':
        return this.receiveDelivery({ workspaceId: page.workspaceId, via: page.pageId }, event.mids);
      case 'read':
        // A read carries only a watermark, no mid; our sends are not looked up by time (a delivery receipt precedes it).
        return 'ignored';
      case 'echo':
        // What the Page itself sent (our replies, or an admin in Meta's inbox): not the customer speaking.
        return 'ignored';
      case 'edit':
        // Meta sends the new text, but the contact an agent may have answered stays as it was written.
        this.deps.logger.info({ pageId: event.pageId, mid: event.mid }, 'Messenger message edited; the contact keeps its text');
        return 'ignored';
      case 'unsupported':
        this.deps.logger.debug({ pageId: event.pageId, reason: event.reason }, 'Messenger event ignored');
        return 'ignored';
      case 'malformed':
        this.deps.logger.warn({ pageId: event.pageId, reason: event.reason }, 'Messenger event unreadable; skipped');
        return 'malformed';
    }
  }

  private async receiveContact(workspaceId: string, event: ContactEvent, now: Date): Promise<EventOutcome> {
    const contact = messengerToContact(event, now);
    await this.deps.publisher.publish('contact.received.v1', {
      id: deterministicEventId('contact.received.v1', workspaceId, 'messenger', event.mid),
      workspaceId,
      key: `messenger:${event.pageId}:${event.psid}`,
      payload: contact,
    });
    this.deps.logger.info({ mid: event.mid, workspaceId, attachments: event.attachments.length }, 'Messenger message received');
    warnIfTruncated(this.deps.logger, event.text, { mid: event.mid, workspaceId });
    return 'published';
  }

  private async receiveDelivery(source: ReceiptSource, mids: string[]): Promise<EventOutcome> {
    let found = false;
    for (const mid of mids) {
      const link = await this.deps.sends.findReceiptTarget(mid, source);
      if (!link) continue;
      found = true;
      await this.deps.publisher.publish('delivery.updated.v1', {
        id: deterministicEventId('delivery.updated.v1', link.messageId, 'delivered'),
        workspaceId: link.workspaceId,
        key: link.messageId,
        payload: {
          channel: 'messenger',
          messageId: link.messageId,
          status: 'delivered',
          reason: null,
          providerMessageId: mid,
          at: new Date().toISOString(),
        },
      });
    }
    return found ? 'delivered' : 'ignored';
  }
}

/** Indexes of the events of each conversation (Page + PSID), in order. */
function conversationsOf(events: MessengerEvent[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  events.forEach((event, i) => {
    const key = 'psid' in event ? `${event.pageId}:${event.psid}` : `${event.pageId}:`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return groups;
}
