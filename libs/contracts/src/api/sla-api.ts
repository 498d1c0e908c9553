import { z } from 'zod';
import { channelSchema } from '../events/contact-received.v1';
import { TICKET_PRIORITIES } from '../events/ticket-events.v1';
import { CUSTOMER_TIERS } from './agent-api';

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
});
export type SlaPolicyBody = z.infer<typeof slaPolicyBody>;
