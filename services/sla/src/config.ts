import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';
import { TICKET_STATUSES } from '@threadline/contracts';

export const slaConfigSchema = commonConfigSchema.extend({
  SLA_CONSUMER_GROUP: z.string().min(1).default('sla'),
  /** The consumer group reading sla.events.v1 for the escalations of breaches. */
  SLA_ESCALATION_CONSUMER_GROUP: z.string().min(1).default('sla-escalation'),
  /** The tickets service's internal listener: breaches escalate through its commands; without it they do not escalate. */
  TICKETS_URL: z.url().optional(),
  /** How long a workspace's policies and calendar are kept in memory before they are read again. */
  SLA_POLICY_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  /** A target warns once this share of its time is used (0.75 = at 75%). */
  SLA_WARNING_SHARE: z.coerce.number().gt(0).max(1).default(0.75),
  /** Ticket statuses in which the clocks stand still, comma-separated (add waiting_department to pause for other departments too). */
  SLA_PAUSED_STATUSES: z
    .string()
    .default('waiting_customer')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(TICKET_STATUSES).exclude(['closed']))),
  /**
   * How often the owned partitions' timer buckets are read again: timers written by another instance
   * are found and the cursors move. Timers fire on their own wake-up, not on this round.
   */
  SLA_TIMER_POLL_MS: z.coerce.number().int().min(50).default(5000),
  /** Tickets whose due timers fire at once per instance (each fire is a few store round trips and a publish). */
  SLA_TIMER_CONCURRENCY: z.coerce.number().int().min(1).default(8),
  /** A partition never scanned before is scanned from this many minutes back. */
  SLA_TIMER_LOOKBACK_MINUTES: z.coerce.number().int().min(1).default(60),
});
export type SlaConfig = z.infer<typeof slaConfigSchema>;
