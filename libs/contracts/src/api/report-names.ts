// No imports: the agent console (apps/console) takes these lists from here, so its bundle carries no zod.

/** GET /api/v1/reports/:report — the reports the reporting service answers. */
export const REPORT_NAMES = [
  'volume',
  'response-times',
  'resolution',
  'backlog',
  'reopen-rate',
  'first-contact-resolution',
  'agents',
  'calls',
  'staffing',
  'top-reasons',
  'satisfaction',
  'sla',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/**
 * The filters every report but top-reasons and sla takes, in any combination. `team`: the figures of the agents who
 * were in the team on each day (the agent dimension's figures), so like `agent` it counts no contacts.
 */
export const REPORT_FILTERS = ['channel', 'queue', 'agent', 'category', 'tier', 'team'] as const;
export type ReportFilter = (typeof REPORT_FILTERS)[number];
