import { z } from 'zod';
import { CHANNELS, type Channel } from '../events/contact-received.v1';
import { CUSTOMER_TIERS, TICKET_PRIORITIES, TICKET_STATUSES } from '../events/ticket-events.v1';
import { LANGUAGES } from '../language';
import { ticketLabel, ticketTag } from './agent-api';
import { slackDestinationSchema } from './social-api';
import { officeExceptionsSchema } from './voice-call-setup';

/**
 * Routing rules as admins write them (`/api/v1/routing/rules`): the routing
 * service validates with these, the gateway documents them (OpenAPI).
 */

/**
 * Event triggers, time triggers (`after` says when: no agent's answer yet, waiting for the customer, nobody
 * assigned) and the SLA service's warnings and breaches (so a rule can escalate).
 */
export const TIME_TRIGGERS = ['ticket.unanswered', 'ticket.waiting-customer', 'ticket.unassigned'] as const;
export type TimeTrigger = (typeof TIME_TRIGGERS)[number];
export const RULE_TRIGGERS = [
  'ticket.created',
  'customer.replied',
  'status.changed',
  'field.changed',
  ...TIME_TRIGGERS,
  'sla.warning',
  'sla.breached',
] as const;
export type RuleTrigger = (typeof RULE_TRIGGERS)[number];
export const isTimeTrigger = (trigger: RuleTrigger): trigger is TimeTrigger =>
  (TIME_TRIGGERS as readonly string[]).includes(trigger);

/** How long after the ticket was opened (or, waiting for the customer, after it began waiting) a time trigger fires. */
export const ruleDelaySchema = z.union([
  /** Counted only while the office is open (the rule's business hours, else Mon–Fri 08:00–16:00 without Polish holidays). */
  z.strictObject({ businessMinutes: z.number().int().min(1).max(100_000) }),
  z.strictObject({ minutes: z.number().int().min(1).max(525_600) }),
  z.strictObject({ days: z.number().int().min(1).max(365) }),
]);
export type RuleDelay = z.infer<typeof ruleDelaySchema>;
/** The ticket fields a `field.changed` rule may watch (those ticket.updated.v1 reports). */
export const WATCHED_FIELDS = ['status', 'priority', 'queue', 'assigneeId', 'tags', 'category'] as const;
export const TEMPLATE_PLACEHOLDERS = ['number', 'subject'] as const;

const label = ticketLabel;
const tag = ticketTag;
const list = <T extends z.ZodType>(item: T, max = 50) => z.array(item).min(1).max(max);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, Europe/Warsaw)');

/** Words and phrases, matched in the subject and text without case, diacritics or Polish inflection endings. */
const keyword = z
  .string()
  .trim()
  .min(2, 'a keyword needs at least 2 letters')
  .max(100)
  .refine((k) => /\p{L}|\d/u.test(k), 'a keyword needs letters or digits');

export const ruleHoursSchema = z
  .strictObject({
    /** 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
    from: clock.default('08:00'),
    to: clock.default('16:00'),
    /** Inside: the rule applies during these hours; outside: at any other time. */
    when: z.enum(['inside', 'outside']),
    /** Polish public holidays count as outside the hours (the shared business calendar's list). */
    closedOnPolishHolidays: z.boolean().default(true),
    /** The office's own days: closed (`open: []`) or other hours (Wigilia 08:00–12:00); they win over holidays and the week. */
    exceptions: officeExceptionsSchema,
  })
  .refine((h) => h.from < h.to, { message: '`from` must be before `to`', path: ['to'] });

/** All given conditions must hold (AND); each list is "any of" (OR). */
export const ruleConditionsSchema = z.strictObject({
  channels: list(z.enum(CHANNELS)).optional(),
  /** The address, number or page the customer wrote to (reklamacje@firma.pl, +48221234567); case ignored. */
  recipients: list(z.string().trim().min(1).max(320)).optional(),
  /** The ticket's queue; null matches a ticket in no queue. */
  queues: list(label.nullable()).optional(),
  priorities: list(z.enum(TICKET_PRIORITIES)).optional(),
  statuses: list(z.enum(TICKET_STATUSES)).optional(),
  categories: list(label.nullable()).optional(),
  /** The ticket carries at least one of these tags. */
  tags: list(tag).optional(),
  customerTiers: list(z.enum(CUSTOMER_TIERS)).optional(),
  /** Any of these words or phrases in the subject or the customer's message. */
  keywords: list(keyword, 100).optional(),
  /** A regular expression over the subject and text (case-insensitive); refused if it could backtrack catastrophically. */
  pattern: z.string().min(1).max(200).optional(),
  businessHours: ruleHoursSchema.optional(),
  /** `field.changed`: which fields (any of); absent: any watched field. */
  changedFields: list(z.enum(WATCHED_FIELDS)).optional(),
  /** `status.changed`: the new status (any of); absent: any change. */
  statusTo: list(z.enum(TICKET_STATUSES)).optional(),
});
export type RuleConditions = z.infer<typeof ruleConditionsSchema>;

/** A customer-facing text; `{{number}}` and `{{subject}}` are filled in. */
export const templateText = z
  .string()
  .trim()
  .min(1)
  .max(5000)
  .superRefine((text, ctx) => {
    for (const [, name] of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {{${name}}}; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
        });
      }
    }
  });

export const ruleActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('set-queue'), queue: label.nullable() }),
  z.strictObject({ type: z.literal('set-priority'), priority: z.enum(TICKET_PRIORITIES) }),
  z.strictObject({ type: z.literal('set-category'), category: label.nullable() }),
  z.strictObject({ type: z.literal('add-tags'), tags: list(tag, 30) }),
  z.strictObject({ type: z.literal('set-assignee'), assigneeId: z.string().min(1).max(100).nullable() }),
  z.strictObject({ type: z.literal('set-status'), status: z.enum(TICKET_STATUSES) }),
  z.strictObject({
    type: z.literal('send-template'),
    /** The texts per language; the customer's language picks one (Polish unless they clearly wrote English). */
    templates: z.strictObject({ pl: templateText, en: templateText.optional() }),
    /** Defaults to the channel the customer last used. */
    channel: z.enum(CHANNELS).optional(),
  }),
  z.strictObject({ type: z.literal('add-note'), text: templateText }),
  /**
   * Tells people about the ticket: an internal note on its timeline mentioning the agents and every member of the
   * queues (teams), so each is notified as by an @mention; with `slack`, also a post naming the ticket and the rule
   * in that channel of the workspace's Slack team.
   */
  z.strictObject({
    type: z.literal('notify'),
    text: templateText,
    agents: list(z.string().min(1).max(100)).optional(),
    queues: list(label, 20).optional(),
    slack: slackDestinationSchema.optional(),
  }),
  /** A present member of the queue (default: the ticket's queue as the earlier actions leave it), by the queue's mode. */
  z.strictObject({ type: z.literal('assign'), queue: label.optional() }),
  /**
   * Holds debt collection for the ticket's customer until the ticket is closed (a complaint): shown on the ticket
   * and the customer, announced as ticket.collections-hold.v1 for a collections system.
   */
  z.strictObject({ type: z.literal('hold-collections'), reason: z.string().trim().min(1).max(200).default('reklamacja') }),
]);
export type RuleAction = z.infer<typeof ruleActionSchema>;
export type RuleActionType = RuleAction['type'];

export const ruleBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  trigger: z.enum(RULE_TRIGGERS),
  conditions: ruleConditionsSchema.default({}),
  actions: z.array(ruleActionSchema).min(1).max(20),
  /** A time trigger's delay (required for those, refused for the others). */
  after: ruleDelaySchema.optional(),
  /** No later rule runs for this ticket and trigger once this one fired. */
  stopProcessing: z.boolean().default(false),
  /** Where in the order (0 = first); absent: last. */
  position: z.number().int().min(0).optional(),
});
export type RuleBody = z.infer<typeof ruleBody>;

/** A change to a rule: any of its fields; `version` (the rule's, as read) refuses a change made on a stale copy. */
export const ruleChangeBody = z
  .strictObject({
    name: ruleBody.shape.name.optional(),
    enabled: z.boolean().optional(),
    trigger: ruleBody.shape.trigger.optional(),
    conditions: ruleConditionsSchema.optional(),
    actions: ruleBody.shape.actions.optional(),
    after: ruleDelaySchema.optional(),
    stopProcessing: z.boolean().optional(),
    position: z.number().int().min(0).optional(),
    version: z.number().int().positive().optional(),
  })
  .refine((body) => Object.keys(body).some((k) => k !== 'version'), { message: 'give at least one field to change' });
export type RuleChangeBody = z.infer<typeof ruleChangeBody>;

/** A ticket to try the rules on: as it is (`ticketNumber`) or made up (`sample`); nothing is changed. */
export const ruleTestBody = z.strictObject({
  trigger: z.enum(RULE_TRIGGERS).default('ticket.created'),
  ticketNumber: z.number().int().positive().optional(),
  sample: z
    .strictObject({
      channel: z.enum(CHANNELS).default('email'),
      recipient: z.string().trim().max(320).nullable().default(null),
      subject: z.string().max(2000).nullable().default(null),
      text: z.string().max(50_000).default(''),
      status: z.enum(TICKET_STATUSES).default('new'),
      priority: z.enum(TICKET_PRIORITIES).default('normal'),
      queue: label.nullable().default(null),
      category: label.nullable().default(null),
      tags: z.array(tag).max(30).default([]),
      customerTier: z.enum(CUSTOMER_TIERS).default('standard'),
      /** When the trigger happened (business hours); default now. */
      at: z.iso.datetime({ offset: true }).optional(),
    })
    .optional(),
  /** `field.changed` / `status.changed`: which fields the imagined change touched. */
  changedFields: z.array(z.enum(WATCHED_FIELDS)).max(6).default([]),
});
export type RuleTestBody = z.infer<typeof ruleTestBody>;

/** An automatic message to the customer (a rule's template reply): not an agent's answer, so not the first response. */
export const automaticMessageBody = z.strictObject({
  text: z.string().trim().min(1).max(50_000),
  channel: z.enum(CHANNELS).optional(),
  subject: z.string().trim().min(1).max(500).optional(),
});
export type AutomaticMessageBody = z.infer<typeof automaticMessageBody>;

export const ASSIGNMENT_MODES = ['round-robin', 'least-loaded', 'skills'] as const;

/** A queue's members (agent ids, in order) and how a ticket picks one of those present. */
export const routingQueueBody = z.strictObject({
  members: z.array(z.string().min(1).max(100)).min(1).max(200),
  mode: z
    .enum(ASSIGNMENT_MODES)
    .describe(
      "round-robin: the next fitting member after the last one given a ticket; least-loaded: the fitting member with the fewest open tickets; skills: members naming the ticket's category first, then the least loaded. Fitting: present, speaking the ticket's language, taking its category, under their capacity on its channel",
    )
    .default('round-robin'),
  /** Every ticket in this queue that nobody holds goes to a fitting member at once (new, moved here, handed back). */
  autoAssign: z.boolean().default(false),
  /**
   * Only within the workspace's business calendar (the SLA calendar: Europe/Warsaw, Polish holidays, the office's
   * exceptions) are its tickets assigned by themselves and its waiting callers offered to agents; outside, they wait.
   */
  businessHoursOnly: z.boolean().default(false),
});
export type RoutingQueueBody = z.infer<typeof routingQueueBody>;

/** An agent's own switch: away agents are given no tickets, whatever their chat or phone presence says. */
export const routingPresenceBody = z.strictObject({ status: z.enum(['available', 'away']) });

/** At most this many open tickets per channel an agent holds at once (an admin's limit; 0: none on that channel). */
const capacity = z.number().int().min(0).max(500);

/**
 * What an agent takes (`PUT /api/v1/routing/agents/:agentId`): the languages they answer in, the categories
 * (products) they handle — empty: any —, and their capacity per channel (a channel left out: no limit).
 */
export const routingAgentBody = z.strictObject({
  languages: z.array(z.enum(LANGUAGES)).min(1).max(LANGUAGES.length).default(['pl']),
  categories: z.array(ticketLabel).max(50).default([]),
  capacity: z
    .strictObject(
      Object.fromEntries(CHANNELS.map((c) => [c, capacity.optional()])) as Record<Channel, z.ZodOptional<typeof capacity>>,
    )
    .default({}),
});
export type RoutingAgentBody = z.infer<typeof routingAgentBody>;
