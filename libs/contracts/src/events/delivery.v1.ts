import { z } from 'zod';
import { channelSchema } from './contact-received.v1';

export const DELIVERY_STATUSES = ['requested', 'sent', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A channel connector's news about a message we sent: handed over, delivered, or failed (a bounce, a provider error). */
export const deliveryUpdatedV1 = z.object({
  channel: channelSchema,
  /** Our id of the outbound message (its timeline entry; outbound.requested.v1's messageId). */
  messageId: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'failed']),
  /** Why it failed, as the provider or the bounce said it. */
  reason: z.string().max(2000).nullable(),
  /** The provider's id of the message (Twilio's MessageSid), when the channel has one. Optional: added after v1 shipped. */
  providerMessageId: z.string().min(1).max(998).nullable().default(null),
  /**
   * The message's ticket and its number, as outbound.requested.v1 gave them to the connector, so tickets need not
   * read the message's timeline entry to find its ticket. Optional: added after v1 shipped (null: not known, e.g. a
   * bounce, or news from a connector of before).
   */
  ticketId: z.string().min(1).nullable().default(null),
  number: z.number().int().positive().nullable().default(null),
  at: z.iso.datetime({ offset: true }),
});
export type DeliveryUpdatedV1 = z.infer<typeof deliveryUpdatedV1>;
