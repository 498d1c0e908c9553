import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';
import { LANGUAGES } from './acknowledgements/acknowledgement-templates';

export const ticketsConfigSchema = commonConfigSchema.extend({
  /** A new contact from a customer joins their open ticket if it was active within this window. */
  TICKETS_CONTINUITY_HOURS: z.coerce.number().positive().default(72),
  /** A customer's reply to a closed ticket reopens it within this many days; later it opens a new, linked ticket. */
  TICKETS_REOPEN_DAYS: z.coerce.number().positive().default(7),
  TICKETS_CONSUMER_GROUP: z.string().min(1).default('tickets'),
  /** How long a customer's data export (RODO Art. 15/20) may be downloaded; then its archive is discarded. */
  TICKETS_EXPORT_TTL_HOURS: z.coerce.number().positive().default(72),
  /** channel-email's internal URL: an export includes the attachments' bytes it keeps (unset: listed only). */
  CHANNEL_EMAIL_URL: z.url().optional(),
  /** channel-voice's internal URL: an export includes its call records (unset: the timeline's call lines only). */
  CHANNEL_VOICE_URL: z.url().optional(),
  /** How often each instance tries the day's retention run (one instance runs it; the others find it taken). */
  TICKETS_RETENTION_POLL_MS: z.coerce.number().int().min(50).default(600_000),
  /** The day's run is held this long per workspace step; an instance that stopped is taken over after it. */
  TICKETS_RETENTION_LEASE_MS: z.coerce.number().int().min(1_000).default(1_800_000),
  /**
   * Most contacts of one partition attached together (read once, decided in memory, written in bulk);
   * 1 (the default for now) attaches them one by one. Batches of 100 no longer freeze FerretDB, but a
   * bench run on FerretDB/PostgreSQL stalled once in its steady phase, unexplained yet: see docs.
   */
  TICKETS_INTAKE_BATCH: z.coerce.number().int().min(1).max(500).default(1),
  /** A new ticket from an e-mail is acknowledged to the customer with its number ("true"/"false"). */
  TICKETS_EMAIL_ACKNOWLEDGEMENT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Language of customer-facing messages when the customer's own cannot be told. */
  TICKETS_DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('pl'),
});
export type TicketsConfig = z.infer<typeof ticketsConfigSchema>;
