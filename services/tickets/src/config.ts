import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';
import { LANGUAGES } from '@threadline/contracts';

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
   * 1 attaches them one by one (the path a batch falls back to).
   */
  TICKETS_INTAKE_BATCH: z.coerce.number().int().min(1).max(500).default(100),
  /**
   * Identity links the intake remembers across batches (least recently used go first; each checked
   * against the customer it names, read anyway); 0: every link is read.
   */
  TICKETS_INTAKE_KNOWN_LINKS: z.coerce.number().int().min(0).max(1_000_000).default(50_000),
  /**
   * Tickets the intake remembers per process, as its batches (every partition's) left them, instead of
   * reading a customer's latest ticket (a full ticket each, so bounded; forgotten when the partitions
   * held change; checked by the batch's first, conditional write); 0: every ticket is read.
   */
  TICKETS_INTAKE_KNOWN_TICKETS: z.coerce.number().int().min(0).max(100_000).default(10_000),
  /**
   * A new ticket from an e-mail is acknowledged to the customer with its number ("true"/"false"): the default of a
   * workspace whose admin has not saved acknowledgement settings (`/api/v1/acknowledgements`).
   */
  TICKETS_EMAIL_ACKNOWLEDGEMENT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** The public address of the survey page the e-mailed link opens: the gateway's, as customers reach it. */
  TICKETS_SURVEY_PAGE_URL: z.url().default('http://127.0.0.1:3000'),
  /** For this many days an SMS or Messenger reply of a bare number (or STOP/NIE) answers the survey sent there. */
  TICKETS_SURVEY_REPLY_DAYS: z.coerce.number().positive().default(7),
  /** Language of customer-facing messages when the customer's own cannot be told. */
  TICKETS_DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('pl'),
  /** How long an instance uses a workspace's acknowledgement settings before reading them again (changes elsewhere show within it). */
  TICKETS_ACKNOWLEDGEMENT_SETTINGS_CACHE_MS: z.coerce.number().int().min(0).default(2000),
});
export type TicketsConfig = z.infer<typeof ticketsConfigSchema>;
