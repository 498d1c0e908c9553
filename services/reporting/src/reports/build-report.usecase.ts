import {
  countWithin,
  emptyHistogram,
  mergeHistograms,
  summarise,
  WAIT_BOUNDS_SECONDS,
  type DurationSummary,
  type HistogramCounts,
} from '../figures/duration-histogram';
import { backlogAge } from '../figures/backlog-age';
import { complianceByPolicy, complianceOf, type PolicyDocument, type TargetCompliance } from '../figures/sla-compliance';
import { nestedAt, numberAt, share, sumCounters, type Counters } from '../figures/sum-counters';
import { combinationMatches, valueInCombination, type DimensionKind } from '../projection/counter-delta';
import { withoutZeros } from '../read-models/counter-documents';
import { FCR_REOPEN_WINDOW_DAYS } from '../projection/ticket-facts';
import { satisfactionReport } from '../satisfaction/satisfaction-report';
import { RECURRING_WINDOW_DAYS } from '../recurring/recurring-problems';
import { agentsNeeded, serviceLevel } from '../staffing/erlang-c';
import type { DailyCounters, ReadModelStore, ValuePick } from '../read-models/read-model-store';
import type { AgentTeamStore } from '../teams/agent-team-store';
import { TeamScope } from '../teams/team-scope';
import { splitMonths, splitYears, type ReportName, type ReportQuery } from './report-query';
import { WEEKDAY_NAMES, type Cell, type ReportResult } from './report-result';

type Built = Pick<ReportResult, 'figures' | 'table'> & { definitions?: Record<string, string> };
/** The ways tickets are broken down (the policy's documents hold SLA figures only). */
const BREAKDOWNS = ['channel', 'queue', 'agent', 'category', 'tier'] as const satisfies readonly DimensionKind[];

function histogram(counters: Counters, name: string): HistogramCounts {
  return mergeHistograms(emptyHistogram(), nestedAt(counters, name) as unknown as Partial<HistogramCounts>);
}

function summaryRow(measure: string, s: DurationSummary): Cell[] {
  return [measure, s.count, s.averageSeconds, s.medianSeconds, s.p90Seconds, s.maxSeconds];
}
const SUMMARY_COLUMNS = ['measure', 'count', 'average_seconds', 'median_seconds', 'p90_seconds', 'max_seconds'];
const RECURRING = `recurring problems: tickets opened in the period whose customer had another ticket of the same category opened at most ${RECURRING_WINDOW_DAYS} days before; a ticket counts once per category it was ever given`;
const BUSINESS_TIME =
  'the same durations counting only the office’s open hours (the workspace’s business calendar: its week, Polish holidays, exceptions)';

/** Reads the period's counter documents and turns them into one report. */
export class BuildReport {
  constructor(
    private readonly store: ReadModelStore,
    private readonly teams: AgentTeamStore | null = null,
  ) {}

  async execute(workspaceId: string, timeZone: string, name: ReportName, asked: ReportQuery): Promise<ReportResult> {
    const query = asked.team === null ? asked : { ...asked, teamScope: await this.teamScope(workspaceId, timeZone, asked) };
    const built = await this.build(workspaceId, name, query);
    return {
      report: name,
      workspaceId,
      timeZone,
      period: { from: query.from, to: query.to },
      filter: query.filter.kind === 'all' ? null : query.filter,
      filters: query.filters,
      team: query.team,
      definitions: {
        ...built.definitions,
        ...(query.team === null ? {} : { team: TEAM_DEFINITION }),
      },
      figures: built.figures,
      table: built.table,
    };
  }

  private async teamScope(workspaceId: string, timeZone: string, query: ReportQuery): Promise<TeamScope> {
    if (!this.teams) throw new Error('a team filter needs the agents’ teams (AgentTeamStore)');
    return TeamScope.of(query.team!, await this.teams.changesOf(workspaceId), query.days, timeZone);
  }

  /** The filtered dimension's documents of the period's days. */
  async filtered(workspaceId: string, query: ReportQuery): Promise<Counters> {
    const { kind, value } = picked(query);
    return sumCounters(await this.inPeriod(workspaceId, query, kind, value));
  }

  /**
   * The period's documents of one kind (and value): a year the period covers
   * whole is read from its roll-up, a month it covers whole from the month's
   * (one document per value and partition instead of one per day), the
   * months at its edges day by day.
   */
  private async inPeriod(
    workspaceId: string,
    query: ReportQuery,
    kind: DimensionKind,
    value?: ValuePick,
  ): Promise<DailyCounters[]> {
    const split = splitMonths(query.days);
    const team = query.teamScope && (kind === 'agent' || kind === 'combination') ? query.teamScope : null;
    // A month whose team changed within it is read day by day: its roll-up cannot tell the days apart.
    const whole = team ? split.whole.filter((m) => team.steadyIn(m) !== null) : split.whole;
    const partial = team ? [...split.partial, ...split.whole.filter((m) => !whole.includes(m))] : split.partial;
    // A team's members are known per month at best, so a team's figures never read a year's roll-up.
    const { years, months } = team ? { years: [], months: whole } : splitYears(whole);
    const days = new Set(query.days);
    const [yearly, monthly, daily] = await Promise.all([
      this.store.wholeYears(workspaceId, years, kind, value),
      this.store.wholeMonths(workspaceId, months, kind, value),
      this.store.days(workspaceId, partial, kind, value),
    ]);
    const docs = [...yearly, ...monthly, ...daily.filter((d) => days.has(d.day!))];
    if (!team) return docs;
    return docs.filter((d) => {
      const agent = kind === 'agent' ? d.value : valueInCombination(d.value, 'agent');
      const members = d.day ? team.membersOn(d.day) : d.month ? team.steadyIn(d.month) : null;
      return agent !== undefined && members !== null && members.has(agent);
    });
  }

  /**
   * The filtered figures' hour-of-week counts: kept only on the workspace's
   * total and the combinations (`HOURLY_KINDS`), so a filter by one dimension
   * or a team reads the combinations matching it. `total`: the filtered
   * figures, when read already.
   */
  private async hourly(workspaceId: string, query: ReportQuery, total?: Counters): Promise<Counters> {
    const { kind } = picked(query);
    if (kind === 'all' || kind === 'combination') return total ?? this.filtered(workspaceId, query);
    const { filters } = query;
    return sumCounters(await this.inPeriod(workspaceId, query, 'combination', (c) => combinationMatches(c, filters)));
  }

  /** One kind's documents summed per value (per channel, per agent…). */
  async perValue(workspaceId: string, query: ReportQuery, kind: DimensionKind): Promise<Map<string, Counters>> {
    const byValue = new Map<string, DailyCounters[]>();
    for (const doc of await this.inPeriod(workspaceId, query, kind))
      byValue.set(doc.value, [...(byValue.get(doc.value) ?? []), doc]);
    // A value whose figures all cancelled out (a ticket moved on) is not shown, however the batches fell.
    return new Map(
      [...byValue]
        .sort(([a], [b]) => a.localeCompare(b, 'pl'))
        .map(([value, docs]) => [value, sumCounters(docs)] as const)
        .filter(([, counters]) => hasFigures(counters)),
    );
  }

  private build(workspaceId: string, name: ReportName, query: ReportQuery): Promise<Built> {
    switch (name) {
      case 'volume':
        return this.volume(workspaceId, query);
      case 'response-times':
        return this.responseTimes(workspaceId, query);
      case 'resolution':
        return this.resolution(workspaceId, query);
      case 'backlog':
        return this.backlog(workspaceId, query);
      case 'reopen-rate':
        return this.reopenRate(workspaceId, query);
      case 'first-contact-resolution':
        return this.firstContactResolution(workspaceId, query);
      case 'agents':
        return this.agents(workspaceId, query);
      case 'calls':
        return this.calls(workspaceId, query);
      case 'staffing':
        return this.staffing(workspaceId, query);
      case 'top-reasons':
        return this.topReasons(workspaceId, query);
      case 'satisfaction':
        return satisfactionReport(this, workspaceId, query);
      case 'sla':
        return this.slaCompliance(workspaceId, query);
    }
  }

  private async slaCompliance(workspaceId: string, query: ReportQuery): Promise<Built> {
    const [workspace, policyDocs] = await Promise.all([
      this.inPeriod(workspaceId, query, 'all'),
      this.inPeriod(workspaceId, query, 'policy'),
    ]);
    const total = complianceOf(workspace);
    const policies = complianceByPolicy(policyDocs as PolicyDocument[]);
    const row = (name: string, id: string, breaches: number, t: Record<string, TargetCompliance>): Cell[][] =>
      Object.entries(t).map(([target, c]) => [name, id, target, c.met, c.breached, c.metLate, c.compliance, breaches]);
    return {
      definitions: {
        compliance:
          'per target: runs met in time divided by runs met in time or breached, on the local day each was decided (answered, resolved, or its time ran out); null when none',
        met: 'runs of the target answered (first and next response) or resolved (a close) before their time ran out',
        breached: 'runs whose time ran out (counted when it did, once per run, whatever came after)',
        metLate: 'runs answered or resolved after their breach (already counted as breached)',
        policy:
          'the SLA policy the ticket’s clock ran under when the outcome was decided, by id, named as last seen; a reopened ticket’s resolution counts again at its next close',
      },
      figures: { ...total, policies },
      table: {
        columns: ['policy', 'policy_id', 'target', 'met', 'breached', 'met_late', 'compliance', 'breaches'],
        rows: [
          ...row('total', '', total.breaches, total.targets),
          ...policies.flatMap((p) => row(p.policyName, p.policyId, p.breaches, p.targets)),
        ],
      },
    };
  }

  private async volume(workspaceId: string, query: ReportQuery): Promise<Built> {
    // The breakdowns are read side by side with the total (each kind is its own documents).
    const unfiltered = query.unfiltered;
    const [total, ...perKind] = await Promise.all([
      this.filtered(workspaceId, query),
      ...(unfiltered ? BREAKDOWNS.map((kind) => this.perValue(workspaceId, query, kind)) : []),
    ]);
    const contactsCounted = query.team === null && query.filters.every((f) => f.kind === 'channel' || f.kind === 'queue');
    const rows: Cell[][] = [['total', '', contactsCounted ? numberAt(total, 'contacts') : null, numberAt(total, 'tickets')]];
    const breakdowns: Record<string, { value: string; contacts: number | null; tickets: number }[]> = {};
    if (unfiltered) {
      for (const [k, kind] of BREAKDOWNS.entries()) {
        const contactsKnown = kind === 'channel' || kind === 'queue';
        breakdowns[kind] = [...(perKind[k] as Map<string, Counters>)].map(([value, c]) => ({
          value,
          contacts: contactsKnown ? numberAt(c, 'contacts') : null,
          tickets: numberAt(c, 'tickets'),
        }));
        for (const b of breakdowns[kind]) rows.push([kind, b.value, b.contacts, b.tickets]);
      }
    }
    const hourOfWeek: { weekday: number; hour: number; contacts: number; tickets: number }[] = [];
    const hourly = await this.hourly(workspaceId, query, total);
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (let hour = 0; hour < 24; hour++) {
        const contacts = numberAt(hourly, `contactsByHour.${weekday}-${hour}`);
        const tickets = numberAt(hourly, `ticketsByHour.${weekday}-${hour}`);
        if (!contacts && !tickets) continue;
        hourOfWeek.push({ weekday, hour, contacts, tickets });
        rows.push(['hour_of_week', `${WEEKDAY_NAMES[weekday - 1]} ${String(hour).padStart(2, '0')}:00`, contacts, tickets]);
      }
    }
    return {
      definitions: {
        contacts: 'messages and calls from customers, on the local day they came in; not counted by agent or category',
        tickets: 'tickets opened, on the local day they were opened, by their current channel, queue, category and assignee',
      },
      figures: {
        contacts: contactsCounted ? numberAt(total, 'contacts') : null,
        tickets: numberAt(total, 'tickets'),
        ...(query.unfiltered ? { by: breakdowns } : {}),
        hourOfWeek,
      },
      table: { columns: ['dimension', 'value', 'contacts', 'tickets'], rows },
    };
  }

  private async responseTimes(workspaceId: string, query: ReportQuery): Promise<Built> {
    const total = await this.filtered(workspaceId, query);
    const first = summarise(histogram(total, 'firstResponse'));
    const next = summarise(histogram(total, 'nextResponse'));
    const business = {
      firstResponse: summarise(histogram(total, 'firstResponseBusiness')),
      nextResponse: summarise(histogram(total, 'nextResponseBusiness')),
    };
    return {
      definitions: {
        firstResponse:
          'from the ticket being opened to the first answer an agent sent (automatic acknowledgements do not count); calendar time',
        nextResponse:
          'from the customer’s first unanswered message to the agent’s next answer, for every later answer; calendar time',
        business: BUSINESS_TIME,
        percentiles: 'median and p90 from fixed buckets: the upper bound of the bucket holding them, never above the maximum',
      },
      figures: { firstResponse: first, nextResponse: next, business },
      table: {
        columns: SUMMARY_COLUMNS,
        rows: [
          summaryRow('first_response', first),
          summaryRow('next_response', next),
          summaryRow('first_response_business', business.firstResponse),
          summaryRow('next_response_business', business.nextResponse),
        ],
      },
    };
  }

  private async resolution(workspaceId: string, query: ReportQuery): Promise<Built> {
    const total = await this.filtered(workspaceId, query);
    const resolution = summarise(histogram(total, 'resolution'));
    const business = { resolution: summarise(histogram(total, 'resolutionBusiness')) };
    return {
      definitions: {
        resolution: 'from the ticket being opened to its closing, for each close in the period; calendar time',
        business: BUSINESS_TIME,
      },
      figures: { closed: numberAt(total, 'closed'), resolution, business },
      table: {
        columns: SUMMARY_COLUMNS,
        rows: [summaryRow('resolution', resolution), summaryRow('resolution_business', business.resolution)],
      },
    };
  }

  private async backlog(workspaceId: string, query: ReportQuery): Promise<Built> {
    const { kind, value } = picked(query);
    const now = sumCounters(
      (await this.store.backlogOf(workspaceId, kind, teamNow(query, kind, value))) as unknown as Record<string, unknown>[],
    );
    const open = numberAt(now, 'open');
    const age = backlogAge(nestedAt(now, 'openSince'), query.today);
    const flow = await this.filtered(workspaceId, query);
    const rows: Cell[][] = [['total', '', open], ...age.byAge.map((a): Cell[] => ['age', a.age, a.open])];
    const by: Record<string, { value: string; open: number }[]> = {};
    if (query.unfiltered) {
      for (const kind of BREAKDOWNS) {
        // Each partition keeps its own documents: sum them per value first.
        const perValue = new Map<string, number>();
        for (const d of await this.store.backlogOf(workspaceId, kind))
          perValue.set(d.value, (perValue.get(d.value) ?? 0) + (d.open ?? 0));
        by[kind] = [...perValue]
          .filter(([, open]) => open > 0)
          .map(([value, open]) => ({ value, open }))
          .sort((a, b) => a.value.localeCompare(b.value, 'pl'));
        for (const b of by[kind]) rows.push([kind, b.value, b.open]);
      }
    }
    return {
      definitions: {
        open: 'tickets not closed now (merged tickets leave the backlog), whatever the period',
        age: 'how long the open tickets have been open: local days from the day each was opened to today',
        opened: 'tickets opened in the period',
        closed: 'closes in the period',
      },
      figures: {
        open,
        age,
        ...(query.unfiltered ? { by } : {}),
        opened: numberAt(flow, 'tickets'),
        closed: numberAt(flow, 'closed'),
      },
      table: { columns: ['dimension', 'value', 'open'], rows },
    };
  }

  private async reopenRate(workspaceId: string, query: ReportQuery): Promise<Built> {
    const total = await this.filtered(workspaceId, query);
    const closed = numberAt(total, 'closed');
    const reopened = numberAt(total, 'reopened');
    const rate = share(reopened, closed);
    return {
      definitions: { reopenRate: 'reopens in the period (a closed ticket opened again) divided by closes in the period' },
      figures: { closed, reopened, reopenRate: rate },
      table: { columns: ['closed', 'reopened', 'reopen_rate'], rows: [[closed, reopened, rate]] },
    };
  }

  private async firstContactResolution(workspaceId: string, query: ReportQuery): Promise<Built> {
    const total = await this.filtered(workspaceId, query);
    const closed = numberAt(total, 'closed');
    const resolved = numberAt(total, 'fcr');
    const rate = share(resolved, closed);
    const definition = `closed with one agent answer and no reopen within ${FCR_REOPEN_WINDOW_DAYS} days, divided by closes in the period; closes of the last ${FCR_REOPEN_WINDOW_DAYS} days may still be taken back by a reopen`;
    return {
      definitions: { firstContactResolution: definition },
      figures: { closed, resolvedAtFirstContact: resolved, firstContactResolution: rate, definition },
      table: {
        columns: ['closed', 'resolved_at_first_contact', 'first_contact_resolution', 'definition'],
        rows: [[closed, resolved, rate, definition]],
      },
    };
  }

  private async agents(workspaceId: string, query: ReportQuery): Promise<Built> {
    const { filter, filters } = query;
    const docs =
      filters.length === 0 || filter.kind === 'agent'
        ? await this.inPeriod(workspaceId, query, 'agent', filter.kind === 'agent' ? filter.value : undefined)
        : // Per agent among the figures of the filters (a channel, a queue…): the matching combinations' agents.
          (await this.inPeriod(workspaceId, query, 'combination', (c) => combinationMatches(c, filters)))
            .map((d) => ({ ...d, value: valueInCombination(d.value, 'agent')! }))
            .filter((d) => d.value !== undefined);
    const perAgent = new Map<string, DailyCounters[]>();
    for (const d of docs) perAgent.set(d.value, [...(perAgent.get(d.value) ?? []), d]);
    const agents = [...perAgent]
      .sort(([a], [b]) => a.localeCompare(b, 'pl'))
      .map(([agentId, days]) => ({ agentId, c: sumCounters(days) }))
      .filter(({ c }) => hasFigures(c))
      .map(({ agentId, c }) => {
        const first = summarise(histogram(c, 'firstResponse'));
        return {
          agentId,
          replies: numberAt(c, 'replies'),
          ticketsAssigned: numberAt(c, 'tickets'),
          closed: numberAt(c, 'closed'),
          resolvedAtFirstContact: numberAt(c, 'fcr'),
          firstResponses: first.count,
          firstResponseAverageSeconds: first.averageSeconds,
        };
      });
    return {
      definitions: {
        replies: 'answers the agent sent to customers in the period',
        ticketsAssigned: 'tickets opened in the period and assigned to the agent now',
        closed: 'closes in the period of tickets assigned to the agent',
      },
      figures: { agents },
      table: {
        columns: [
          'agent',
          'replies',
          'tickets_assigned',
          'closed',
          'resolved_at_first_contact',
          'first_responses',
          'first_response_average_seconds',
        ],
        rows: agents.map((a) => [
          a.agentId,
          a.replies,
          a.ticketsAssigned,
          a.closed,
          a.resolvedAtFirstContact,
          a.firstResponses,
          a.firstResponseAverageSeconds,
        ]),
      },
    };
  }

  private async calls(workspaceId: string, query: ReportQuery): Promise<Built> {
    const total = await this.filtered(workspaceId, query);
    const offered = numberAt(total, 'calls.offered');
    const answered = numberAt(total, 'calls.answered');
    const abandoned = numberAt(total, 'calls.abandoned');
    const waits = histogram(total, 'calls.wait');
    const answeredWithin = countWithin(histogram(total, 'calls.answeredWait'), query.serviceLevelSeconds, WAIT_BOUNDS_SECONDS);
    const figures = {
      offered,
      answered,
      abandoned,
      otherOutcomes: numberAt(total, 'calls.other'),
      averageWaitSeconds: waits.n ? Math.round(waits.sum / waits.n) : null,
      longestWaitSeconds: waits.n ? waits.max : null,
      serviceLevel: { seconds: query.serviceLevelSeconds, answeredWithin, share: share(answeredWithin, offered) },
    };
    return {
      definitions: {
        offered: 'calls that reached a call queue, on the local day of the call',
        otherOutcomes: 'offered calls that ended in voicemail, a callback request or a missed call',
        wait: 'seconds in the queue, for every offered call',
        serviceLevel: `calls answered within ${query.serviceLevelSeconds} s divided by calls offered`,
      },
      figures,
      table: {
        columns: [
          'offered',
          'answered',
          'abandoned',
          'other_outcomes',
          'average_wait_seconds',
          'longest_wait_seconds',
          'service_level_seconds',
          'answered_within',
          'service_level',
        ],
        rows: [
          [
            offered,
            answered,
            abandoned,
            figures.otherOutcomes,
            figures.averageWaitSeconds,
            figures.longestWaitSeconds,
            query.serviceLevelSeconds,
            answeredWithin,
            figures.serviceLevel.share,
          ],
        ],
      },
    };
  }

  /** The categories agents gave the period's tickets, most frequent first, with how often they came back after a close. */
  private async topReasons(workspaceId: string, query: ReportQuery): Promise<Built> {
    const perCategory = await this.perValue(workspaceId, query, 'category');
    const tickets = [...perCategory.values()].reduce((n, c) => n + numberAt(c, 'tickets'), 0);
    const recurring = [...perCategory.values()].reduce((n, c) => n + numberAt(c, 'recurring'), 0);
    const reasons = [...perCategory]
      .map(([category, c]) => ({
        category,
        tickets: numberAt(c, 'tickets'),
        share: share(numberAt(c, 'tickets'), tickets),
        closed: numberAt(c, 'closed'),
        reopened: numberAt(c, 'reopened'),
        reopenRate: share(numberAt(c, 'reopened'), numberAt(c, 'closed')),
        recurring: numberAt(c, 'recurring'),
      }))
      .filter((r) => r.tickets > 0 || r.recurring > 0)
      .sort((a, b) => b.tickets - a.tickets || a.category.localeCompare(b.category, 'pl'))
      .map((r, i) => ({ rank: i + 1, ...r }));
    return {
      definitions: {
        tickets: 'tickets opened in the period, by the category agents gave them (now); (none): not categorised',
        share: 'the category’s tickets divided by all tickets opened in the period',
        reopenRate: 'reopens in the period of the category’s tickets divided by its closes in the period',
        recurring: RECURRING,
      },
      figures: { tickets, recurring, recurringDefinition: RECURRING, reasons },
      table: {
        columns: ['rank', 'category', 'tickets', 'share', 'closed', 'reopened', 'reopen_rate', 'recurring'],
        rows: reasons.map((r) => [r.rank, r.category, r.tickets, r.share, r.closed, r.reopened, r.reopenRate, r.recurring]),
      },
    };
  }

  /**
   * Agents needed per hour of the week: the contacts of each weekday-hour in
   * the period averaged over how often that weekday occurred, staffed by
   * Erlang C for the target service level.
   */
  private async staffing(workspaceId: string, query: ReportQuery): Promise<Built> {
    const total = await this.hourly(workspaceId, query);
    const occurrences = new Array<number>(8).fill(0);
    for (const day of query.days) occurrences[((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1]++;
    const target = {
      handleSeconds: query.handleSeconds,
      serviceLevel: query.targetServiceLevel,
      withinSeconds: query.serviceLevelSeconds,
    };
    const hours: { weekday: number; hour: number; contactsPerHour: number; agents: number; serviceLevel: number }[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (let hour = 0; hour < 24; hour++) {
        const contacts = numberAt(total, `contactsByHour.${weekday}-${hour}`);
        if (!contacts || !occurrences[weekday]) continue;
        const callsPerHour = Math.round((contacts / occurrences[weekday]) * 100) / 100;
        const agents = agentsNeeded({ ...target, callsPerHour });
        hours.push({
          weekday,
          hour,
          contactsPerHour: callsPerHour,
          agents,
          serviceLevel: Math.round(serviceLevel(agents, { ...target, callsPerHour }) * 10_000) / 10_000,
        });
      }
    }
    return {
      definitions: {
        contactsPerHour:
          'contacts in that hour of the week over the period, divided by how many times that weekday occurred in it',
        agents: `the fewest agents answering ${Math.round(query.targetServiceLevel * 100)} % within ${query.serviceLevelSeconds} s by Erlang C, with ${query.handleSeconds} s per contact (random arrivals, one queue, no hang-ups)`,
      },
      figures: { target, hours },
      table: {
        columns: ['weekday', 'hour', 'contacts_per_hour', 'agents_needed', 'service_level'],
        rows: hours.map((h) => [
          WEEKDAY_NAMES[h.weekday - 1],
          `${String(h.hour).padStart(2, '0')}:00`,
          h.contactsPerHour,
          h.agents,
          h.serviceLevel,
        ]),
      },
    };
  }
}

function hasFigures(counters: Counters): boolean {
  return Object.keys(withoutZeros(counters)).length > 0;
}

const TEAM_DEFINITION =
  'the figures of the agents who were in the team on each local day (their teams at the day’s end, as admins set them): replies, tickets by assignee, closes, response and resolution times, answers to surveys; contacts are not counted by team; the backlog by the team’s members now';

/**
 * What the query's filter reads: one dimension's value, or the combinations matching every filter given. A team reads
 * the agents' documents (or, with other filters, the combinations), and `inPeriod` keeps each day's members.
 */
function picked(query: ReportQuery): { kind: DimensionKind; value?: ValuePick } {
  const { filter, filters } = query;
  if (filter.kind === 'combination' || (query.team !== null && filters.length > 0))
    return { kind: 'combination', value: (combination) => combinationMatches(combination, filters) };
  if (query.team !== null) return { kind: 'agent' };
  return { kind: filter.kind, value: filter.value };
}

/** The backlog (open now) of a team: its members now. */
function teamNow(query: ReportQuery, kind: DimensionKind, value?: ValuePick): ValuePick | undefined {
  if (!query.teamScope) return value;
  const members = query.teamScope.membersNow();
  const base = value === undefined ? () => true : typeof value === 'string' ? (v: string) => v === value : value;
  return (v: string) => {
    const agent = kind === 'agent' ? v : valueInCombination(v, 'agent');
    return base(v) && agent !== undefined && members.has(agent);
  };
}
