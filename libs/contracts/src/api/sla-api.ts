import { z } from 'zod';
import { channelSchema } from '../events/contact-received.v1';
import { SLA_TARGETS } from '../events/sla-events.v1';
import { CUSTOMER_TIERS, TICKET_PRIORITIES } from '../events/ticket-events.v1';
import { ticketLabel, ticketTag } from './agent-api';

const names = z.array(z.string().trim().min(1).max(100)).max(100).default([]);

/** Which tickets a policy covers: every list left empty matches anything. */
export const slaPolicyMatchSchema = z.strictObject({
  queues: names,
  priorities: z.array(z.enum(TICKET_PRIORITIES)).default([]),
  channels: z.array(channelSchema).default([]),
  categories: names,
  customerTiers: z.array(z.enum(CUSTOMER_TIERS)).default([]),
});
export type SlaPolicyMatch = z.infer<typeof slaPolicyMatchSchema>;

/** Up to a year; null: the policy sets no such target. */
const targetMinutes = z.number().int().min(1).max(525_600).nullable().default(null);

export const slaTargetsSchema = z
  .strictObject({
    /** From the ticket's opening to the first agent reply. */
    firstResponseMinutes: targetMinutes,
    /** From a customer's message to the agent reply after it (once the first response was given). */
    nextResponseMinutes: targetMinutes,
    /** From the opening to closing. */
    resolutionMinutes: targetMinutes,
  })
  .refine((t) => t.firstResponseMinutes ?? t.nextResponseMinutes ?? t.resolutionMinutes, 'set at least one target');
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

/**
 * What a breach of the policy's targets sets off, through the tickets service as the sla service
 * (each change and the note on the ticket's timeline). Routing's rules can do the same on
 * `sla.breached` / `sla.warning` with their own actions.
 */
export const slaEscalationSchema = z.strictObject({
  /** Which targets' breaches escalate; all by default. */
  targets: z
    .array(z.enum(SLA_TARGETS))
    .min(1)
    .default([...SLA_TARGETS]),
  /** The priority the ticket is raised to (a ticket already at it or above keeps its own). */
  raisePriorityTo: z.enum(TICKET_PRIORITIES).nullable().default(null),
  /** The agent the ticket is given to. */
  reassignTo: z.string().trim().min(1).max(100).nullable().default(null),
  /** The queue (team) the ticket moves to. */
  moveToQueue: ticketLabel.nullable().default(null),
  /** Agents (a supervisor) told by the escalation note, which mentions them. */
  notifyAgents: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  /** Tags added to the ticket: a team's Slack notification rule on the tag posts it to their channel. */
  addTags: z.array(ticketTag).max(10).default([]),
});
export type SlaEscalation = z.infer<typeof slaEscalationSchema>;

/** A policy as admins write it (POST, and PUT replacing it whole). */
export const slaPolicyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Policies are tried by position, lowest first; the first that matches wins. */
  position: z.number().int().min(0).max(100_000).default(100),
  match: slaPolicyMatchSchema.default(slaPolicyMatchSchema.parse({})),
  targets: slaTargetsSchema,
  /** `business`: counted in the workspace's business calendar; `calendar`: around the clock. */
  time: z.enum(['business', 'calendar']).default('business'),
  /** The workspace's fallback when no policy matches (one per workspace: setting it unsets the previous). */
  isDefault: z.boolean().default(false),
  /** Null: a breach is announced (event, timeline), nothing more. */
  escalation: slaEscalationSchema.nullable().default(null),
});
export type SlaPolicyBody = z.infer<typeof slaPolicyBody>;
