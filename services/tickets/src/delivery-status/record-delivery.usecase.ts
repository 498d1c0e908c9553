import { deterministicEventId, type DeliveryStatus, type TypedEnvelope } from '@threadline/contracts';
import type { EventPublisher, HandlerOutcome } from '@threadline/kafka';
import type { TicketRepository } from '../tickets/ticket.repository';

/** Delivery only moves forward; a failure is final (a late "delivered" does not hide a bounce). */
const RANK: Record<DeliveryStatus, number> = { requested: 0, sent: 1, delivered: 2, failed: 3 };

/**
 * Puts a channel's delivery news on the outbound message's timeline entry:
 * the agent sees sent, delivered or failed (with the reason), never a silent
 * loss. Out-of-order and repeated news are harmless: only a step forward is applied.
 */
export class RecordDelivery {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async execute(event: TypedEnvelope<'delivery.updated.v1'>): Promise<HandlerOutcome> {
    const { workspaceId, payload: news } = event;
    const entry = await this.tickets.findTimelineEntry(workspaceId, news.messageId);
    // Not ours (a bounce of a mail someone else sent), or not an outbound message: nothing to update.
    if (!entry || entry.kind !== 'message' || entry.direction !== 'outbound') return 'ignored';
    const current = entry.delivery?.status ?? 'requested';
    if (RANK[news.status] <= RANK[current]) return 'duplicate';
    const applied = await this.tickets.setDelivery(entry._id, current, {
      status: news.status,
      at: new Date(news.at),
      error: news.reason,
    });
    if (!applied) return 'duplicate';
    const ticket = await this.tickets.findById(workspaceId, entry.ticketId);
    if (!ticket) return 'done';
    await this.publisher.publish('ticket.delivery-updated.v1', {
      id: deterministicEventId('ticket.delivery-updated.v1', entry._id, news.status),
      workspaceId,
      key: ticket._id,
      causationId: event.id,
      payload: {
        ticketId: ticket._id,
        number: ticket.number,
        version: ticket.version,
        messageId: entry._id,
        channel: news.channel,
        status: news.status,
        reason: news.reason,
        at: news.at,
      },
    });
    return 'done';
  }
}
