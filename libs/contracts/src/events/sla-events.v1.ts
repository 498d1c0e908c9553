import { z } from 'zod';

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export const SLA_STATES = ['ok', 'at_risk', 'breached', 'paused'] as const;
export type SlaState = (typeof SLA_STATES)[number];

/** The ticket's SLA as a whole, for the ticket list: what the tickets service stores on the ticket. */
export const slaSummarySchema = z.object({
  state: z.enum(SLA_STATES),
  /** The earliest due moment of a running target (past once breached); null while nothing runs. */
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  /** Grows with every change of the ticket's clock: a consumer keeps only the newest. */
  revision: z.number().int().positive(),
});
export type SlaSummary = z.infer<typeof slaSummarySchema>;

const slaRef = {
  ticketId: z.string().min(1),
  number: z.number().int().positive(),
  policyId: z.string().min(1),
  policyName: z.string().min(1),
  summary: slaSummarySchema,
  at: z.iso.datetime({ offset: true }),
};

/**
 * A target's run that this change ended: met (answered, or resolved by the close) or stopped (no longer
 * asked: the ticket closed before a first answer, or the policy dropped the target). `breached`: its time
 * had run out before (a late answer). What reporting counts compliance from.
 */
export const slaTargetEndedSchema = z.object({
  target: z.enum(SLA_TARGETS),
  cycle: z.number().int().positive(),
  outcome: z.enum(['met', 'stopped']),
  breached: z.boolean(),
});
export type SlaTargetEnded = z.infer<typeof slaTargetEndedSchema>;

/** The ticket's clock started, paused, resumed, was met or rescheduled (e.g. a priority change switched the policy). */
export const slaClockChangedV1 = z.object({
  ...slaRef,
  /** Targets whose run this change ended; absent in events of older producers (read as none). */
  ended: z.array(slaTargetEndedSchema).default([]),
});
export type SlaClockChangedV1 = z.infer<typeof slaClockChangedV1>;

const milestone = {
  ...slaRef,
  target: z.enum(SLA_TARGETS),
  /** Which run of the target (the next-response target runs again after each customer message). */
  cycle: z.number().int().positive(),
  dueAt: z.iso.datetime({ offset: true }),
};

/** A target reached the warning share of its time (e.g. 75%). */
export const slaWarningV1 = z.object({ ...milestone, share: z.number().positive().max(1) });
export type SlaWarningV1 = z.infer<typeof slaWarningV1>;

/** A target's time ran out. */
export const slaBreachedV1 = z.object({ ...milestone });
export type SlaBreachedV1 = z.infer<typeof slaBreachedV1>;
