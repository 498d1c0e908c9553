import { deterministicEventId, type ContactReceivedV1 } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { acknowledgement, guessLanguage, type Language } from './acknowledgement-templates';

export interface AcknowledgementPolicy {
  enabled: boolean;
  defaultLanguage: Language;
}

/**
 * A customer who e-mails in gets "we have your request, number #N" at once,
 * as an automatic outbound message on the new ticket's timeline (so the agent
 * sees it and its delivery). Once per ticket: the entry's id derives from the
 * ticket, and the events carry ids derived from it. Auto-replies never become
 * contacts upstream, and the mail is marked automatic, so two auto-responders
 * cannot loop through it. It is not the first response: a person's is.
 */
export class AcknowledgeNewTicket {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly publisher: EventPublisher,
    private readonly policy: AcknowledgementPolicy,
  ) {}

  async execute(ticket: TicketDoc, contact: ContactReceivedV1, causationId: string): Promise<void> {
    const entry = this.entryFor(ticket, contact);
    if (!entry) return;
    await this.tickets.addTimelineEntryOnce(entry);
    const stored = (await this.tickets.findTimelineEntry(ticket.workspaceId, entry._id)) ?? entry;
    await this.announce(ticket, contact, stored, causationId);
  }

  /** The acknowledgement's timeline entry for a ticket this contact opened; null when none is due. */
  entryFor(ticket: TicketDoc, contact: ContactReceivedV1): TimelineEntryDoc | null {
    if (!this.policy.enabled || contact.channel !== 'email') return null;
    if (!contact.from.some((i) => i.kind === 'email')) return null;
    const { subject, text } = this.content(ticket, contact);
    const id = deterministicId(ticket.workspaceId, 'acknowledgement', ticket._id);
    const now = new Date();
    return {
      _id: id,
      workspaceId: ticket.workspaceId,
      ticketId: ticket._id,
      kind: 'message',
      direction: 'outbound',
      channel: 'email',
      providerMessageId: id,
      customerId: ticket.customerId,
      authorId: null,
      automatic: true,
      subject,
      text,
      html: null,
      attachments: [],
      delivery: { status: 'requested', at: now, error: null },
      occurredAt: now,
      recordedAt: now,
    };
  }

  private content(ticket: TicketDoc, contact: ContactReceivedV1) {
    const language = guessLanguage(`${contact.subject ?? ''}\n${contact.newText ?? contact.text}`, this.policy.defaultLanguage);
    return acknowledgement(language, { number: ticket.number, subject: contact.subject });
  }

  /** Asks for the mail and shows it on the ticket; `stored` is the entry as first written (a repeat keeps its time). */
  announce(ticket: TicketDoc, contact: ContactReceivedV1, stored: TimelineEntryDoc, causationId: string): Promise<unknown> {
    const to = contact.from.find((i) => i.kind === 'email');
    if (!to) return Promise.resolve();
    const { subject, text } = this.content(ticket, contact);
    const common = { workspaceId: ticket.workspaceId, key: ticket._id, causationId };
    return Promise.all([
      this.publisher.publish('outbound.requested.v1', {
        ...common,
        id: deterministicEventId('outbound.requested.v1', stored._id),
        payload: {
          ticketId: ticket._id,
          number: ticket.number,
          messageId: stored._id,
          channel: 'email',
          to,
          subject,
          text,
          inReplyTo: contact.providerMessageId.startsWith('sha256:') ? null : contact.providerMessageId,
          references: contact.providerMessageId.startsWith('sha256:') ? [] : [contact.providerMessageId],
          providerThreadId: null,
          from: contact.recipient,
          kind: 'acknowledgement',
          authorId: 'system',
          requestedAt: stored.occurredAt.toISOString(),
        },
      }),
      this.publisher.publish('ticket.message-added.v1', {
        ...common,
        id: deterministicEventId('ticket.message-added.v1', stored._id),
        payload: {
          ticketId: ticket._id,
          number: ticket.number,
          version: ticket.version,
          messageId: stored._id,
          customerId: ticket.customerId,
          channel: 'email',
          direction: 'outbound',
          authorId: null,
          at: stored.occurredAt.toISOString(),
        },
      }),
    ]);
  }
}
