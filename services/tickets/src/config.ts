import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';

export const ticketsConfigSchema = commonConfigSchema.extend({
  /** A new contact from a customer joins their open ticket if it was active within this window. */
  TICKETS_CONTINUITY_HOURS: z.coerce.number().positive().default(72),
  TICKETS_CONSUMER_GROUP: z.string().min(1).default('tickets'),
});
export type TicketsConfig = z.infer<typeof ticketsConfigSchema>;
