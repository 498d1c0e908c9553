import { REPORT_FILTERS, reportQueryParams, type ReportName, type ReportQueryParams } from '@threadline/contracts';
import { ALL, type Dimension } from '../projection/counter-delta';
import type { TeamScope } from '../teams/team-scope';
import { daysBetween, localBucket, monthsOf } from '../time-buckets/local-time';

export { REPORT_NAMES as REPORTS, type ReportName } from '@threadline/contracts';

/** Reports that break the workspace down themselves (categories, SLA policies), so a filter cannot apply. */
const UNFILTERED_REPORTS: readonly ReportName[] = ['top-reasons', 'sla'];

/**
 * The shared query schema plus what only reporting knows: the longest period it answers, and which reports take no
 * filter. Filters combine (channel and queue and agent…); each is checked on its own (a malformed one is named).
 */
export function reportQuerySchema(maxPeriodDays: number, report?: ReportName) {
  return reportQueryParams.superRefine((q, ctx) => {
    if (Boolean(q.from) !== Boolean(q.to)) {
      ctx.addIssue({
        code: 'custom',
        path: [q.from ? 'to' : 'from'],
        message: 'give both from and to, or neither (the last 7 days)',
      });
    }
    if (q.from && q.to) {
      if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      else if (daysBetween(q.from, q.to).length > maxPeriodDays) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: `the period may be at most ${maxPeriodDays} days` });
      }
    }
    const given = REPORT_FILTERS.filter((f) => q[f] !== undefined);
    if (report && UNFILTERED_REPORTS.includes(report)) {
      for (const filter of given)
        ctx.addIssue({ code: 'custom', path: [filter], message: `${report} breaks down the whole workspace: no filter` });
      return;
    }
  });
}

export interface ReportQuery {
  from: string;
  to: string;
  days: string[];
  months: string[];
  /** The workspace's local day now (what "now" figures like the backlog's age count from). */
  today: string;
  /** One filter, or `combination` (its value the combination of `filters`) when several are given; `all` when none. */
  filter: Dimension;
  /** Every filter given but the team (a figure counts when it belongs to all of them). */
  filters: Dimension[];
  /** The team filter: the figures of the agents in it on each day (resolved to them by `teamScope`). */
  team: string | null;
  /** The team's members per day, filled in by the report from the agents' team changes. */
  teamScope?: TeamScope;
  /** No filter at all: the whole workspace, with its breakdowns. */
  unfiltered: boolean;
  serviceLevelSeconds: number;
  targetServiceLevel: number;
  handleSeconds: number;
  format: 'json' | 'csv';
}

/** Fills the defaults: without `from`/`to`, the last 7 local days up to today. */
export function resolveQuery(input: ReportQueryParams, timeZone: string, now = new Date()): ReportQuery {
  const today = localBucket(now, timeZone).day;
  const to = input.to ?? today;
  const from = input.from ?? shiftDay(to, -6);
  const days = daysBetween(from, to);
  const filters = REPORT_FILTERS.filter((f) => f !== 'team' && input[f] !== undefined).map((kind) => ({
    kind: kind as Exclude<typeof kind, 'team'>,
    value: input[kind]!,
  }));
  const team = input.team ?? null;
  return {
    from,
    to,
    days,
    months: monthsOf(days),
    today,
    filter:
      filters.length === 0
        ? ALL
        : filters.length === 1
          ? filters[0]
          : { kind: 'combination', value: JSON.stringify(filters.map((f) => [f.kind, f.value])) },
    filters,
    team,
    unfiltered: filters.length === 0 && team === null,
    serviceLevelSeconds: input.serviceLevelSeconds,
    targetServiceLevel: input.targetServiceLevel,
    handleSeconds: input.handleSeconds,
    format: input.format,
  };
}

function shiftDay(day: string, by: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/** The months a run of consecutive days covers whole, and the ones it covers in part (its edges). */
export function splitMonths(days: string[]): { whole: string[]; partial: string[] } {
  const counted = new Map<string, number>();
  for (const day of days) counted.set(day.slice(0, 7), (counted.get(day.slice(0, 7)) ?? 0) + 1);
  const whole: string[] = [];
  const partial: string[] = [];
  for (const [month, n] of counted) (n === daysInMonth(month) ? whole : partial).push(month);
  return { whole, partial };
}

/** Of the months a period covers whole, the years it covers whole (all twelve months) and the other months. */
export function splitYears(wholeMonths: string[]): { years: string[]; months: string[] } {
  const counted = new Map<string, number>();
  for (const month of wholeMonths) counted.set(month.slice(0, 4), (counted.get(month.slice(0, 4)) ?? 0) + 1);
  const years = [...counted].filter(([, n]) => n === 12).map(([year]) => year);
  return { years, months: wholeMonths.filter((m) => !years.includes(m.slice(0, 4))) };
}

function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}
