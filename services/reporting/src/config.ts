import { z } from 'zod';
import { defaultBusinessCalendar, type BusinessCalendar } from '@threadline/business-calendar';
import { commonConfigSchema } from '@threadline/config';
import { businessHoursSchema } from '@threadline/contracts';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone like Europe/Warsaw');

/** A JSON object of workspaceId → a value of `schema` (an env variable naming what differs per workspace). */
function perWorkspace<T extends z.ZodType>(schema: T, what: string) {
  return z.string().transform((raw, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be a JSON object of workspaceId → ${what}` });
      return z.NEVER;
    }
    const result = z.record(z.string().min(1), schema).safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` });
      return z.NEVER;
    }
    return result.data as Record<string, z.output<T>>;
  });
}

export const reportingConfigSchema = commonConfigSchema.extend({
  /**
   * The projection's consumer group in a new store; a rebuild after an upgrade (a new projection version) consumes
   * in `<this>.v<version>-<time>`, named in the store's marker. A new name with the database dropped also rebuilds.
   */
  REPORTING_CONSUMER_GROUP: z.string().min(1).default('reporting'),
  /** Days and hours are counted in the workspace's zone: this one unless REPORTING_TIME_ZONES names another. */
  REPORTING_DEFAULT_TIME_ZONE: timeZone.default('Europe/Warsaw'),
  /** `{"ws-demo": "Europe/Warsaw", "ws-uk": "Europe/London"}`: workspaces whose days are not the default zone's. */
  REPORTING_TIME_ZONES: perWorkspace(timeZone, 'IANA time zone').default({}),
  /**
   * `{"ws-demo": {"open": [{"days": [1,2,3,4,5], "from": "09:00", "to": "17:00"}]}}`: the office hours business time
   * is measured in, per workspace (the shape of the SLA calendar); others: Monday–Friday 08:00–16:00 in Warsaw, closed
   * on Polish holidays. Read from config, not asked of the sla service, so a rebuild measures exactly as before.
   */
  REPORTING_BUSINESS_CALENDARS: perWorkspace(businessHoursSchema, 'business calendar').default({}),
  /** The longest period one report may cover (a longer `from`–`to` is a 400 naming `to`). */
  REPORTING_MAX_PERIOD_DAYS: z.coerce.number().int().min(1).max(3660).default(366),
  /** The contact-reason classifier's consumer group (contacts and ticket events); its erasures use `<this>.erasure`. */
  REPORTING_CONTACT_REASONS_GROUP: z.string().min(1).default('reporting.contact-reasons'),
  /** The consumer group keeping agents' teams over time (agent.events.v1), for the reports' team filter. */
  REPORTING_TEAMS_GROUP: z.string().min(1).default('reporting.teams'),
  /**
   * Most events of a partition projected at once (the consumer fetches about this many, at ~1 KiB each). A replay's
   * counter documents, ticket facts and label writes are per batch, so larger batches write fewer documents per event.
   */
  REPORTING_BATCH_EVENTS: z.coerce.number().int().min(100).max(50_000).default(5_000),
  /** How often a workspace whose agents labelled tickets is trained again, in ms. */
  REPORTING_CONTACT_REASONS_TRAIN_MS: z.coerce.number().int().min(100).default(60_000),
});
export type ReportingConfig = z.infer<typeof reportingConfigSchema>;

/** The zone a workspace's days and hours are counted in. */
export function timeZoneOf(config: Pick<ReportingConfig, 'REPORTING_DEFAULT_TIME_ZONE' | 'REPORTING_TIME_ZONES'>) {
  return (workspaceId: string): string => config.REPORTING_TIME_ZONES[workspaceId] ?? config.REPORTING_DEFAULT_TIME_ZONE;
}

/** The office hours a workspace's business time is measured in. */
export function calendarOf(config: Pick<ReportingConfig, 'REPORTING_BUSINESS_CALENDARS'>) {
  const fallback = defaultBusinessCalendar();
  return (workspaceId: string): BusinessCalendar => config.REPORTING_BUSINESS_CALENDARS[workspaceId] ?? fallback;
}
