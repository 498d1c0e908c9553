import { z } from 'zod';
import { channelSchema, identitySchema } from './contact-received.v1';

export const TICKET_STATUSES = ['new', 'open', 'waiting_customer', 'waiting_department', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const CUSTOMER_TIERS = ['standard', 'vip'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** The customer's tier as the ticket knows it (SLA policies match on it); absent or null: unknown (older producers, older tickets). */
const customerTier = z.enum(CUSTOMER_TIERS).nullable().optional();

/** Who caused a change: an agent, the customer (by writing in), or the platform itself. */
export const actorSchema = z.object({
  kind: z.enum(['agent', 'customer', 'system']),
  id: z.string().nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

/** The fields consumers route, time and report on, as they are after the event. */
export const ticketStateSchema = z.object({
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  queue: z.string().nullable(),
  assigneeId: z.string().nullable(),
  tags: z.array(z.string()),
  category: z.string().nullable(),
});
export type TicketState = z.infer<typeof ticketStateSchema>;

const ticketRef = {
  ticketId: z.string().min(1),
  number: z.number().int().positive(),
  /** The ticket's version after this event; consumers order a ticket's events by it. */
  version: z.number().int().nonnegative(),
};

export const ticketCreatedV1 = z.object({
  ...ticketRef,
  customerId: z.string().min(1),
  subject: z.string().nullable(),
  channel: channelSchema,
  /** The closed ticket this one follows up, when a customer wrote again too late to reopen it. */
  previousTicketId: z.string().nullable().default(null),
  state: ticketStateSchema,
  customerTier,
  createdAt: z.iso.datetime({ offset: true }),
});
export type TicketCreatedV1 = z.infer<typeof ticketCreatedV1>;

export const ticketMessageAddedV1 = z.object({
  ...ticketRef,
  messageId: z.string().min(1),
  customerId: z.string().min(1),
  channel: channelSchema,
  direction: z.enum(['inbound', 'outbound']),
  /** The agent who wrote an outbound message. */
  authorId: z.string().nullable().default(null),
  at: z.iso.datetime({ offset: true }),
});
export type TicketMessageAddedV1 = z.infer<typeof ticketMessageAddedV1>;

const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value }).optional();

/** Status, priority, queue, assignment, tags or category changed (by an agent or by the customer writing in). */
export const ticketUpdatedV1 = z.object({
  ...ticketRef,
  actor: actorSchema,
  changes: z.object({
    status: change(z.enum(TICKET_STATUSES)),
    priority: change(z.enum(TICKET_PRIORITIES)),
    queue: change(z.string().nullable()),
    assigneeId: change(z.string().nullable()),
    tags: change(z.array(z.string())),
    category: change(z.string().nullable()),
  }),
  state: ticketStateSchema,
  customerTier,
  at: z.iso.datetime({ offset: true }),
});
export type TicketUpdatedV1 = z.infer<typeof ticketUpdatedV1>;

export const ticketNoteAddedV1 = z.object({
  ...ticketRef,
  noteId: z.string().min(1),
  authorId: z.string().min(1),
  /** Agents @mentioned in the note, to be notified. */
  mentions: z.array(z.string()),
  at: z.iso.datetime({ offset: true }),
});
export type TicketNoteAddedV1 = z.infer<typeof ticketNoteAddedV1>;

/** `ticketId` was merged into `intoTicketId` and closed; its history shows on the target. */
export const ticketMergedV1 = z.object({
  ...ticketRef,
  intoTicketId: z.string().min(1),
  intoNumber: z.number().int().positive(),
  actor: actorSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TicketMergedV1 = z.infer<typeof ticketMergedV1>;

/** An outbound message's delivery changed (sent, delivered, failed); shown on its timeline entry. */
export const ticketDeliveryUpdatedV1 = z.object({
  ...ticketRef,
  messageId: z.string().min(1),
  channel: channelSchema,
  status: z.enum(['sent', 'delivered', 'failed']),
  reason: z.string().nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type TicketDeliveryUpdatedV1 = z.infer<typeof ticketDeliveryUpdatedV1>;

/**
 * A complaint holds debt collection for the customer until it is settled: the
 * hold was set (`held`) or released (by hand, or when the ticket was closed).
 * For a collections system: while any of a customer's tickets holds, do not
 * chase that customer (also readable: GET /api/v1/customers/:id/collections-hold).
 */
export const ticketCollectionsHoldV1 = z.object({
  ...ticketRef,
  customerId: z.string().min(1),
  held: z.boolean(),
  /** Why (e.g. "reklamacja"); kept on release so the consumer knows which hold ended. */
  reason: z.string().min(1),
  /** When the hold began. */
  since: z.iso.datetime({ offset: true }),
  actor: actorSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TicketCollectionsHoldV1 = z.infer<typeof ticketCollectionsHoldV1>;

/** A reply for the customer, to be sent by the channel's connector. */
export const outboundRequestedV1 = z.object({
  ticketId: z.string().min(1),
  number: z.number().int().positive(),
  /** Our id of the message (its timeline entry); e-mail uses it to build the Message-ID. */
  messageId: z.string().min(1),
  channel: channelSchema,
  to: identitySchema,
  subject: z.string().nullable(),
  text: z.string().min(1),
  /** Threading for e-mail: the customer's Message-IDs we answer. */
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  /** Provider thread to answer in (Slack thread_ts, chat session). */
  providerThreadId: z.string().nullable(),
  /**
   * The address, number or page the customer wrote to, so the answer comes
   * from it (mail to reklamacje@ is answered from reklamacje@); null: the
   * connector's default for the workspace.
   */
  from: z.string().nullable().default(null),
  /**
   * When the customer last wrote on this channel (the message answered):
   * Messenger's messaging window counts from it. Null: not known (another
   * channel, or a request from before this field).
   */
  customerWroteAt: z.iso.datetime({ offset: true }).nullable().default(null),
  /** An agent's reply, or an automatic message (acknowledgement) that must not trigger auto-replies in turn. */
  kind: z.enum(['reply', 'acknowledgement']).default('reply'),
  /** The agent who wrote it, or `system` for automatic messages. */
  authorId: z.string().min(1),
  requestedAt: z.iso.datetime({ offset: true }),
});
export type OutboundRequestedV1 = z.infer<typeof outboundRequestedV1>;

/** Two customer records turned out to be one person; `mergedCustomerId` now points to `customerId`. */
export const customerMergedV1 = z.object({
  customerId: z.string().min(1),
  mergedCustomerId: z.string().min(1),
  reason: z.enum(['shared-identity', 'agent']),
  actor: actorSchema,
  at: z.iso.datetime({ offset: true }),
});
export type CustomerMergedV1 = z.infer<typeof customerMergedV1>;
