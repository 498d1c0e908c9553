import { deterministicEventId, type Channel, type TypedEnvelope } from '@threadline/contracts';
import type { EventPublisher } from './event-publisher';

/** What became of an outbound message: the provider took it (sent), it arrived (delivered), or it did not go (failed). */
export interface DeliveryNews {
  status: 'sent' | 'delivered' | 'failed';
  reason: string | null;
  /** The provider's id of what it accepted, when the channel has one. */
  providerMessageId?: string | null;
}

/**
 * The connector's answer to an outbound.requested.v1: delivery.updated.v1 for
 * that message, under one event id per message and status, so telling the
 * same news again (a redelivery, a second instance) is the same event.
 */
export function announceDelivery(
  publisher: EventPublisher,
  request: TypedEnvelope<'outbound.requested.v1'>,
  channel: Channel,
  news: DeliveryNews,
) {
  const { messageId } = request.payload;
  return publisher.publish('delivery.updated.v1', {
    id: deterministicEventId('delivery.updated.v1', messageId, news.status),
    workspaceId: request.workspaceId,
    key: messageId,
    causationId: request.id,
    payload: {
      channel,
      messageId,
      status: news.status,
      reason: news.reason?.slice(0, 2000) ?? null,
      providerMessageId: news.providerMessageId ?? null,
      ticketId: request.payload.ticketId,
      number: request.payload.number,
      at: new Date().toISOString(),
    },
  });
}
