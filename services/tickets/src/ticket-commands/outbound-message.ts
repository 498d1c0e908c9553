import { deterministicEventId, type Channel, type Identity, type OutboundRequestedV1 } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';

export interface OutboundMessage {
  /** The timeline entry's id, derived from what causes the message: one entry and one send however often retried. */
  id: string;
  ticket: TicketDoc;
  /** The ticket's version to announce with the message. */
  version: number;
  channel: Channel;
  to: Identity;
  subject: string | null;
  text: string;
  /** The agent (or `routing`) who wrote it; null for the platform's own acknowledgement. */
  authorId: string | null;
  /** Sent by the platform on its own: an acknowledgement to connectors, marked automatic on the timeline. */
  automatic: boolean;
  threading: Pick<OutboundRequestedV1, 'inReplyTo' | 'references' | 'providerThreadId' | 'from'> & {
    customerWroteAt?: string | null;
  };
  causationId?: string;
}

/**
 * A message for the customer: an outbound timeline entry with delivery
 * "requested" (written once), then its events (`publishOutbound`), so a
 * retry publishes the same events.
 */
export async function sendOutbound(
  deps: { tickets: TicketRepository; publisher: EventPublisher },
  m: OutboundMessage,
): Promise<TimelineEntryDoc> {
  const stored = await storeOutbound(deps.tickets, m);
  await publishOutbound(deps.publisher, m, stored);
  return stored;
}

/** The message's outbound entry written once; a repeat answers the entry as first written. */
export async function storeOutbound(tickets: TicketRepository, m: OutboundMessage): Promise<TimelineEntryDoc> {
  const entry = outboundEntry(m);
  // Read back only on a repeat (the entry was there): a first write is what it wrote.
  return (await tickets.addTimelineEntryOnce(entry))
    ? entry
    : ((await tickets.findTimelineEntry(m.ticket.workspaceId, m.id)) ?? entry);
}

/** The message's outbound timeline entry, delivery "requested". */
export function outboundEntry(m: OutboundMessage): TimelineEntryDoc {
  const { ticket } = m;
  const now = new Date();
  return {
    _id: m.id,
    workspaceId: ticket.workspaceId,
    ticketId: ticket._id,
    kind: 'message',
    direction: 'outbound',
    channel: m.channel,
    providerMessageId: m.id,
    customerId: ticket.customerId,
    authorId: m.authorId,
    ...(m.automatic ? { automatic: true } : {}),
    subject: m.subject,
    text: m.text,
    html: null,
    attachments: [],
    delivery: { status: 'requested', at: now, error: null },
    occurredAt: now,
    recordedAt: now,
  };
}

/**
 * outbound.requested.v1 for the channel's connector and ticket.message-added.v1 for the message `stored` (its entry
 * as first written: a repeat keeps its time) — one Kafka batch, ids derived from the entry.
 */
export async function publishOutbound(
  publisher: EventPublisher,
  m: Omit<OutboundMessage, 'subject' | 'text'>,
  stored: Pick<TimelineEntryDoc, 'occurredAt' | 'subject' | 'text'>,
): Promise<void> {
  const { ticket } = m;
  const common = { workspaceId: ticket.workspaceId, key: ticket._id, ...(m.causationId ? { causationId: m.causationId } : {}) };
  await Promise.all([
    publisher.publish('outbound.requested.v1', {
      ...common,
      id: deterministicEventId('outbound.requested.v1', m.id),
      payload: {
        ticketId: ticket._id,
        number: ticket.number,
        messageId: m.id,
        channel: m.channel,
        to: m.to,
        subject: stored.subject ?? null,
        text: stored.text ?? '',
        ...m.threading,
        kind: m.automatic ? 'acknowledgement' : 'reply',
        authorId: m.authorId ?? 'system',
        requestedAt: stored.occurredAt.toISOString(),
      },
    }),
    publisher.publish('ticket.message-added.v1', {
      ...common,
      id: deterministicEventId('ticket.message-added.v1', m.id),
      payload: {
        ticketId: ticket._id,
        number: ticket.number,
        version: m.version,
        messageId: m.id,
        customerId: ticket.customerId,
        channel: m.channel,
        direction: 'outbound',
        authorId: m.authorId,
        at: stored.occurredAt.toISOString(),
      },
    }),
  ]);
}
