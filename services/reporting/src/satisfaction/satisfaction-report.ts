import type { Counters } from '../figures/sum-counters';
import type { DimensionKind } from '../projection/counter-delta';
import type { ReportQuery } from '../reports/report-query';
import type { Cell, ReportResult } from '../reports/report-result';
import { csatFigures, npsFigures } from './satisfaction-figures';

/** What the report reads: the period's counters summed for the query's filter, and per value of one dimension. */
export interface SatisfactionCounters {
  filtered(workspaceId: string, query: ReportQuery): Promise<Counters>;
  perValue(workspaceId: string, query: ReportQuery, kind: DimensionKind): Promise<Map<string, Counters>>;
}

const BREAKDOWNS = ['agent', 'queue', 'channel', 'category'] as const;

/**
 * Satisfaction over the period: CSAT (average, share of 4–5) and NPS
 * (promoters − detractors) of the answers given in it, for the filter, and
 * per agent, queue, channel and category when there is none.
 */
export async function satisfactionReport(
  counters: SatisfactionCounters,
  workspaceId: string,
  query: ReportQuery,
): Promise<Pick<ReportResult, 'figures' | 'table' | 'definitions'>> {
  const unfiltered = query.unfiltered;
  const [total, ...perKind] = await Promise.all([
    counters.filtered(workspaceId, query),
    ...(unfiltered ? BREAKDOWNS.map((kind) => counters.perValue(workspaceId, query, kind)) : []),
  ]);
  const line = (c: Counters) => ({ csat: csatFigures(c), nps: npsFigures(c) });
  const row = (dimension: string, value: string, f: ReturnType<typeof line>): Cell[] => [
    dimension,
    value,
    f.csat.answers,
    f.csat.average,
    f.csat.satisfiedShare,
    f.nps.answers,
    f.nps.promoters,
    f.nps.detractors,
    f.nps.nps,
  ];
  const overall = line(total);
  const rows: Cell[][] = [row('total', '', overall)];
  const breakdowns: Record<string, ({ value: string } & ReturnType<typeof line>)[]> = {};
  if (unfiltered) {
    for (const [k, kind] of BREAKDOWNS.entries()) {
      breakdowns[kind] = [...(perKind[k] as Map<string, Counters>)]
        .map(([value, c]) => ({ value, ...line(c) }))
        .filter((b) => b.csat.answers + b.nps.answers > 0);
      for (const b of breakdowns[kind]) rows.push(row(kind, b.value, b));
    }
  }
  return {
    definitions: {
      csat: 'answers 1–5 to "how satisfied are you" given in the period; satisfiedShare: answers of 4 or 5 divided by all answers',
      nps: 'answers 0–10 to "would you recommend us" given in the period; nps: promoters (9–10) minus detractors (0–6), as a share of all answers, in points from −100 to 100',
      attribution:
        'each answer counts for the agent, queue and category its ticket had when it was closed, and the channel it was answered on',
    },
    figures: { ...overall, ...(unfiltered ? { breakdowns } : {}) },
    table: {
      columns: [
        'dimension',
        'value',
        'csat_answers',
        'csat_average',
        'csat_satisfied_share',
        'nps_answers',
        'nps_promoters',
        'nps_detractors',
        'nps',
      ],
      rows,
    },
  };
}
