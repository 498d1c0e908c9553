/** A report's table as the reporting service answers it (the same figures as its CSV). */
export interface ReportTable {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ChartData {
  kind: 'line' | 'bar';
  /** What each point is (a channel, an agent, an hour…). */
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
}

/** At most this many series in one chart: more lines than that are not readable. */
const MAX_SERIES = 4;
/** Breakdowns along time are a trend (a line); the others a comparison (bars). */
const TIME_DIMENSIONS = new Set(['hour_of_week', 'day', 'hour']);

/**
 * Reports answer "dimension, value, figures…" rows (one breakdown after another):
 * the breakdowns a chart can show, in the table's order, without the total.
 */
export function dimensionsOf(table: ReportTable): string[] {
  if (table.columns[0] !== 'dimension' || table.columns[1] !== 'value') return [];
  return [...new Set(table.rows.map((r) => String(r[0])))].filter((d) => d !== 'total');
}

function seriesOf(table: ReportTable, rows: ReportTable['rows'], from: number) {
  return table.columns
    .map((name, index) => ({ name, index }))
    .filter(({ index }) => index >= from && rows.some((r) => typeof r[index] === 'number'))
    .slice(0, MAX_SERIES)
    .map(({ name, index }) => ({ name, values: rows.map((r) => (typeof r[index] === 'number' ? r[index] : null)) }));
}

/**
 * What a report's table looks like as a chart: one breakdown (by default the
 * first) with its values as points, or else a plain table's first column as
 * points; the numeric columns are the series. Null when there is nothing to draw.
 */
export function chartOf(table: ReportTable, dimension?: string): ChartData | null {
  const dimensions = dimensionsOf(table);
  if (dimensions.length > 0) {
    const chosen = dimension && dimensions.includes(dimension) ? dimension : dimensions[0];
    const rows = table.rows.filter((r) => r[0] === chosen);
    const series = seriesOf(table, rows, 2);
    if (series.length === 0) return null;
    return { kind: TIME_DIMENSIONS.has(chosen) ? 'line' : 'bar', labels: rows.map((r) => String(r[1])), series };
  }
  // One summary row is read better as the table itself.
  if (table.rows.length < 2) return null;
  const series = seriesOf(table, table.rows, 1);
  if (series.length === 0) return null;
  const overTime = table.columns.some((c) => TIME_DIMENSIONS.has(c));
  return { kind: overTime ? 'line' : 'bar', labels: table.rows.map((r) => String(r[0] ?? '—')), series };
}
