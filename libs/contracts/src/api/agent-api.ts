import { z } from 'zod';
import { CHANNELS } from '../events/contact-received.v1';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../events/ticket-events.v1';

/**
 * Request shapes of the agent API that more than one service needs: the
 * tickets service validates with them, the gateway documents them (OpenAPI).
 */

export const TICKET_SORT_KEYS = ['updated', 'created', 'priority', 'number'] as const;
export type TicketSortKey = (typeof TICKET_SORT_KEYS)[number];
export const CUSTOMER_TIERS = ['standard', 'vip'] as const;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

/** The list endpoint's query string, as the tickets service accepts it. */
export const ticketListParams = z.strictObject({
  status: csv(z.enum(TICKET_STATUSES)).optional(),
  priority: csv(z.enum(TICKET_PRIORITIES)).optional(),
  queue: z.string().min(1).max(100).optional(),
  /** Agent ids, comma-separated; "none" for unassigned. The gateway turns me / my team into ids. */
  assignee: csv(z.string().min(1)).optional(),
  channel: z.enum(CHANNELS).optional(),
  tag: z.string().min(1).max(100).optional(),
  customerId: z.string().min(1).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(TICKET_SORT_KEYS).default('updated'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type TicketListParams = z.infer<typeof ticketListParams>;

const label = z.string().trim().min(1).max(100);
const tag = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .transform((t) => t.toLowerCase());

/** Strict bodies: an unknown field is an error, never silently ignored. */
export const updateTicketBody = z
  .strictObject({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    queue: label.nullable().optional(),
    assigneeId: z.string().min(1).max(100).nullable().optional(),
    tags: z.array(tag).max(30).optional(),
    category: label.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });
export type UpdateTicketBody = z.infer<typeof updateTicketBody>;

export const addNoteBody = z.strictObject({
  text: z.string().trim().min(1).max(20_000),
  /** Agent ids the gateway resolved from @mentions in the text. */
  mentions: z.array(z.string().min(1)).max(50).default([]),
});

export const replyBody = z.strictObject({
  text: z.string().trim().min(1).max(50_000),
  /** Defaults to the channel the customer last used (a call is answered by SMS). */
  channel: z.enum(CHANNELS).optional(),
  subject: z.string().trim().min(1).max(500).optional(),
  /** Set the status in the same step, e.g. waiting_customer. */
  status: z.enum(TICKET_STATUSES).optional(),
});
export type ReplyBody = z.infer<typeof replyBody>;

export const mergeTicketBody = z.strictObject({ intoNumber: z.number().int().positive() });

export const customerProfileBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    tier: z.enum(CUSTOMER_TIERS).optional(),
    notes: z.string().trim().max(10_000).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });

export const customerMergeBody = z.strictObject({ customerId: z.string().min(1) });
