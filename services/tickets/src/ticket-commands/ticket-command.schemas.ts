import { z } from 'zod';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from '@threadline/contracts';

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
