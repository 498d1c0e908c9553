import { z } from 'zod';
import { CHANNELS } from '../events/contact-received.v1';
import { SLA_STATES } from '../events/sla-events.v1';
import { CUSTOMER_TIERS, TICKET_PRIORITIES, TICKET_STATUSES } from '../events/ticket-events.v1';

/**
 * Request shapes of the agent API that more than one service needs: the
 * tickets service validates with them, the gateway documents them (OpenAPI).
 */

export const TICKET_SORT_KEYS = ['updated', 'created', 'priority', 'number'] as const;
export type TicketSortKey = (typeof TICKET_SORT_KEYS)[number];

/** A comma-separated list in a query string ("new,open"); the description names what it may hold. */
const csv = <T extends z.ZodType<unknown, string>>(item: T, description: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1))
    .meta({ description });

/** The list endpoint's query string, as the tickets service accepts it. */
export const ticketListParams = z.strictObject({
  status: csv(z.enum(TICKET_STATUSES), `comma-separated, any of: ${TICKET_STATUSES.join(', ')}`).optional(),
  priority: csv(z.enum(TICKET_PRIORITIES), `comma-separated, any of: ${TICKET_PRIORITIES.join(', ')}`).optional(),
  queue: z.string().min(1).max(100).optional(),
  /** Agent ids, comma-separated; "none" for unassigned. The gateway turns me / my team into ids. */
  assignee: csv(z.string().min(1), 'comma-separated agent ids; none = unassigned').optional(),
  channel: z.enum(CHANNELS).optional(),
  tag: z.string().min(1).max(100).optional(),
  customerId: z.string().min(1).optional(),
  sla: csv(z.enum(SLA_STATES), `comma-separated, any of: ${SLA_STATES.join(', ')}`).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("searches the subject and the customer's name and addresses; case and diacritics ignored")
    .optional(),
  sort: z.enum(TICKET_SORT_KEYS).default('updated'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).describe('nextCursor of the previous page').optional(),
});
export type TicketListParams = z.infer<typeof ticketListParams>;

const label = z.string().trim().min(1).max(100);
const tag = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .transform((t) => t.toLowerCase());
/** A queue or category name, and a tag (lower-cased), as tickets hold them: routing rules set them too. */
export { label as ticketLabel, tag as ticketTag };

/** Strict bodies: an unknown field is an error, never silently ignored. */
export const updateTicketBody = z
  .strictObject({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    queue: label.nullable().optional(),
    assigneeId: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .describe('an agent id (the gateway also takes "me"); null = unassign')
      .optional(),
    tags: z.array(tag).max(30).optional(),
    category: label.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });
export type UpdateTicketBody = z.infer<typeof updateTicketBody>;

/** Twilio's id of a call (CallSid). */
export const callSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'must be a Twilio CallSid (CA + 32 hex digits)');

export const addNoteBody = z.strictObject({
  text: z.string().trim().min(1).max(20_000),
  /** The call this note is about (the agent's call note); the call must be on the ticket. */
  callSid: callSid.optional(),
  /** Agent ids the gateway resolved from @mentions in the text. */
  mentions: z.array(z.string().min(1)).max(50).default([]),
});

export const replyBody = z.strictObject({
  text: z.string().trim().min(1).max(50_000),
  channel: z.enum(CHANNELS).describe('defaults to the channel the customer last used (a call is answered by SMS)').optional(),
  subject: z.string().trim().min(1).max(500).optional(),
  status: z.enum(TICKET_STATUSES).describe('set the status in the same step, e.g. waiting_customer').optional(),
});
export type ReplyBody = z.infer<typeof replyBody>;

export const mergeTicketBody = z.strictObject({ intoNumber: z.number().int().positive().describe('the ticket that stays') });

export const customerProfileBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    tier: z.enum(CUSTOMER_TIERS).optional(),
    notes: z.string().trim().max(10_000).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });

export const customerMergeBody = z.strictObject({
  customerId: z.string().min(1).describe('the other record of the same person; the older record survives'),
});

/** An erasure (RODO Art. 17) says why: the request it answers, kept in the audit trail. */
export const customerEraseBody = z.strictObject({
  reason: z.string().trim().min(3).max(1000).describe('why: e.g. the customer’s request of 2026-12-01, case number'),
});

const months = (what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(120)
    .nullable()
    .default(null)
    .describe(`${what} older than this many months are anonymised; null (the default): kept`);

/**
 * A workspace's retention periods (RODO: no longer than needed), each on its own; a PUT gives them all,
 * one left out is off. Off by default: nothing expires until an admin sets a period.
 */
export const retentionSettingsBody = z.strictObject({
  closedTicketsMonths: months('closed tickets (since they were closed)'),
  chatTranscriptsMonths: months('web-chat transcripts'),
  callRecordingsMonths: months('call recordings (references) and callers’ numbers'),
  rejectedMailsDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .default(null)
    .describe('raw mails set aside as unreadable are deleted after this many days; null (the default): kept'),
});
export type RetentionSettings = z.infer<typeof retentionSettingsBody>;

export const retentionRunsParams = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/** The today view's query: the agent is the caller (the gateway sets agentId from the token). */
export const ticketTodayParams = z.strictObject({
  agentId: z.string().min(1),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit trail's query, the same at the gateway and the tickets service (newest first). */
export const auditTrailParams = z.strictObject({
  entityType: z.string().min(1).max(50).describe('ticket, customer, agent').optional(),
  entityId: z.string().min(1).max(100).optional(),
  actorId: z.string().min(1).max(100).optional(),
  /** Cursor: entries older than this instant (the `at` of the last entry of the previous page). */
  before: z.iso.datetime({ offset: true }).describe('nextBefore of the previous page: entries older than this').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const route = z.strictObject({ address: z.email(), queue: z.string().trim().min(1).max(100) });
/** Where the mailbox's answers go out: its provider's SMTP submission server. */
export const smtpSettings = z.strictObject({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  /** TLS from the first byte (SMTPS, usually 465); false: plain, upgraded by STARTTLS when the server offers it (587). */
  secure: z.boolean(),
  /** Login, when the server wants one (most do); the password is never shown again. */
  user: z.string().min(1).max(320).optional(),
  password: z.string().min(1).max(1000).optional(),
});
const mailboxFields = {
  name: z.string().trim().min(1).max(200),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  /** TLS from the first byte (IMAPS, usually 993); false for a plain connection. */
  secure: z.boolean(),
  user: z.string().min(1).max(320),
  password: z.string().min(1).max(1000),
  folder: z.string().min(1).max(200),
  /** Addresses and aliases the mailbox receives besides its login. */
  addresses: z.array(z.email()).max(50),
  /** Which queue mail to an address feeds, e.g. reklamacje@ → complaints. */
  routes: z.array(route).max(50),
  /** Outgoing mail; without it the mailbox only receives (replies from it fail with a clear reason). */
  smtp: smtpSettings.nullable(),
};
/** A mailbox an admin connects: IMAP settings, the addresses it serves and the queue each feeds. */
export const mailboxBody = z.strictObject({
  ...mailboxFields,
  folder: mailboxFields.folder.default('INBOX'),
  addresses: mailboxFields.addresses.default([]),
  routes: mailboxFields.routes.default([]),
  smtp: mailboxFields.smtp.default(null),
});
/** A change: only the fields given (no defaults, so nothing unmentioned is reset). */
export const mailboxChangeBody = z
  .strictObject(mailboxFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });
