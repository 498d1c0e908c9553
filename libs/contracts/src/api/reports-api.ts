import { z } from 'zod';
import { CHANNELS } from '../events/contact-received.v1';
import { teamName } from '../events/agent-events.v1';
import { CUSTOMER_TIERS } from '../events/ticket-events.v1';

export { REPORT_NAMES, REPORT_FILTERS, type ReportName, type ReportFilter } from './report-names';

/** Call-wait thresholds a service level may be asked for (the wait histogram's bounds, so the answer is exact). */
export const SERVICE_LEVEL_SECONDS = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1800] as const;

/** A calendar day that exists (2026-02-30 does not); a malformed one is told only that. */
const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a day YYYY-MM-DD', abort: true })
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'no such day',
  );
const label = z.string().min(1).max(200);

/**
 * The query every report takes. Days are the workspace's local days
 * (Europe/Warsaw unless configured); both ends included; channel, queue,
 * agent, category, tier and team combine (a figure counts when it belongs to all).
 */
export const reportQueryParams = z.strictObject({
  from: localDay.optional(),
  to: localDay.optional(),
  channel: z.enum(CHANNELS).optional(),
  queue: label.optional(),
  agent: label.optional(),
  category: label.optional(),
  /** The customer's tier as the ticket knew it ('(unknown)' is not a filter: give none). */
  tier: z.enum(CUSTOMER_TIERS).optional(),
  /** A team of agents (PATCH /api/v1/agents/:id `teams`): its members' figures, each day by who was in it that day. */
  team: teamName.optional(),
  /** The calls report's service level: share of offered calls answered within this many seconds. */
  serviceLevelSeconds: z.coerce
    .number()
    .refine((s) => (SERVICE_LEVEL_SECONDS as readonly number[]).includes(s), `must be one of ${SERVICE_LEVEL_SECONDS.join(', ')}`)
    .default(20),
  /** The staffing forecast: the service level to reach (share answered within serviceLevelSeconds). */
  targetServiceLevel: z.coerce.number().min(0.5).max(0.99).default(0.8),
  /** The staffing forecast: average handling time of one contact. */
  handleSeconds: z.coerce.number().int().min(10).max(7200).default(300),
  /** csv: the same report as a file (UTF-8 with BOM, so Excel keeps Polish letters). */
  format: z.enum(['json', 'csv']).default('json'),
});
export type ReportQueryParams = z.infer<typeof reportQueryParams>;
