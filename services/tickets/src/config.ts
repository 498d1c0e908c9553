import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';

export const ticketsConfigSchema = commonConfigSchema.extend({
  /** A new contact from a customer joins their open ticket if it was active within this window. */
  TICKETS_CONTINUITY_HOURS: z.coerce.number().positive().default(72),
  /** A customer's reply to a closed ticket reopens it within this many days; later it opens a new, linked ticket. */
  TICKETS_REOPEN_DAYS: z.coerce.number().positive().default(7),
  TICKETS_CONSUMER_GROUP: z.string().min(1).default('tickets'),
});
export type TicketsConfig = z.infer<typeof ticketsConfigSchema>;
