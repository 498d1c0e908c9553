/** One breakdown of a report: a point per value (a channel, an agent, an hour of the week) with its figures. */
export interface Breakdown {
  name: string;
  labels: string[];
  /** Each figure's name and its value at each point (null where the report does not count it). */
  series: { name: string; values: (number | null)[] }[];
}

export interface ChartData {
  kind: 'line' | 'bar';
  labels: string[];
  series: Breakdown['series'];
}

/** At most this many series in one chart: more lines than that are not readable. */
const MAX_SERIES = 4;
/** Breakdowns along time are a trend (a line); the others a comparison (bars). */
const OVER_TIME = /hour|day|week/i;
/** Fields that say where a point is rather than what was counted. */
const POSITION_FIELDS = new Set(['value', 'weekday', 'hour', 'day']);

type Entry = Record<string, unknown>;
const isEntryList = (value: unknown): value is Entry[] =>
  Array.isArray(value) && value.length > 0 && value.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e));

function labelOf(entry: Entry): string {
  if (typeof entry.value === 'string') return entry.value;
  const hour = typeof entry.hour === 'number' ? ` ${String(entry.hour).padStart(2, '0')}:00` : '';
  if (typeof entry.weekday === 'number') return `${entry.weekday}${hour}`;
  return typeof entry.day === 'string' ? entry.day : hour.trim() || '—';
}

function breakdown(name: string, entries: Entry[]): Breakdown | null {
  const counted = [...new Set(entries.flatMap((e) => Object.keys(e)))].filter(
    (key) => !POSITION_FIELDS.has(key) && entries.some((e) => typeof e[key] === 'number'),
  );
  if (counted.length === 0) return null;
  return {
    name,
    labels: entries.map(labelOf),
    series: counted.map((key) => ({ name: key, values: entries.map((e) => (typeof e[key] === 'number' ? e[key] : null)) })),
  };
}

/**
 * The breakdowns in a report's figures, in their order: each list under `by`
 * (by channel, queue, category, agent…), then any other list of points (the
 * hours of the week). The report's single numbers are not a chart.
 */
export function breakdownsOf(figures: Record<string, unknown>): Breakdown[] {
  const lists: [string, Entry[]][] = [];
  const by = figures.by;
  if (typeof by === 'object' && by !== null) {
    for (const [name, list] of Object.entries(by)) if (isEntryList(list)) lists.push([name, list]);
  }
  for (const [name, list] of Object.entries(figures)) if (name !== 'by' && isEntryList(list)) lists.push([name, list]);
  return lists.map(([name, list]) => breakdown(name, list)).filter((b): b is Breakdown => b !== null);
}

/** A breakdown as a chart: bars to compare values, a line over time; the first few figures as its series. */
export function chartOf(breakdown: Breakdown): ChartData {
  return {
    kind: OVER_TIME.test(breakdown.name) ? 'line' : 'bar',
    labels: breakdown.labels,
    series: breakdown.series.slice(0, MAX_SERIES),
  };
}
