import { z } from 'zod';
import { channelSchema } from './contact-received.v1';

export const ticketCreatedV1 = z.object({
  ticketId: z.string().min(1),
  number: z.number().int().positive(),
  customerId: z.string().min(1),
  subject: z.string().nullable(),
  channel: channelSchema,
  createdAt: z.iso.datetime({ offset: true }),
});
export type TicketCreatedV1 = z.infer<typeof ticketCreatedV1>;

export const ticketMessageAddedV1 = z.object({
  ticketId: z.string().min(1),
  number: z.number().int().positive(),
  messageId: z.string().min(1),
  customerId: z.string().min(1),
  channel: channelSchema,
  direction: z.enum(['inbound', 'outbound']),
  at: z.iso.datetime({ offset: true }),
});
export type TicketMessageAddedV1 = z.infer<typeof ticketMessageAddedV1>;
