import { deterministicEventId, type TypedEnvelope } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';

/**
 * `ticket.created.v1` (when this contact opened the ticket) and
 * `ticket.message-added.v1`, under ids derived from the ticket and entry, so a
 * repeat announces the same events. Both are queued before either is awaited:
 * one Kafka batch, in this order, on the ticket's partition.
 */
export function announceContact(
  publisher: EventPublisher,
  event: TypedEnvelope<'contact.received.v1'>,
  ticket: TicketDoc,
  entry: TimelineEntryDoc,
): Promise<unknown> {
  const common = { workspaceId: ticket.workspaceId, key: ticket._id, causationId: event.id };
  const published: Promise<unknown>[] = [];
  if (ticket.openedByEntryId === entry._id) {
    published.push(
      publisher.publish('ticket.created.v1', {
        ...common,
        id: deterministicEventId('ticket.created.v1', ticket._id),
        payload: {
          ticketId: ticket._id,
          number: ticket.number,
          version: 1,
          customerId: ticket.customerId,
          subject: ticket.subject,
          channel: ticket.channel,
          previousTicketId: ticket.previousTicketId,
          state: {
            status: 'new',
            priority: 'normal',
            queue: ticket.queue,
            assigneeId: null,
            tags: ticket.tags,
            category: null,
          },
          customerTier: ticket.customerTier ?? null,
          createdAt: ticket.createdAt.toISOString(),
        },
      }),
    );
  }
  published.push(
    publisher.publish('ticket.message-added.v1', {
      ...common,
      id: deterministicEventId('ticket.message-added.v1', entry._id),
      payload: {
        ticketId: ticket._id,
        number: ticket.number,
        version: ticket.version,
        messageId: entry._id,
        customerId: entry.customerId ?? ticket.customerId,
        channel: entry.channel ?? ticket.channel,
        direction: entry.direction ?? 'inbound',
        authorId: entry.authorId,
        at: entry.occurredAt.toISOString(),
      },
    }),
  );
  return Promise.all(published);
}
