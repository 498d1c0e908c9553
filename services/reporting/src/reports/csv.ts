import { stringify } from 'csv-stringify/sync';
import type { ReportResult } from './report-result';

/** Excel reads a UTF-8 file as the local code page unless it starts with a byte order mark; with it, "ż" stays "ż". */
const BOM = '\uFEFF';

/** The report's table as CSV: UTF-8 with BOM, a header row, CRLF line ends, quoted where needed. */
export function reportCsv(result: Pick<ReportResult, 'table'>): string {
  return (
    BOM +
    stringify([result.table.columns, ...result.table.rows.map((r) => r.map((c) => c ?? ''))], { record_delimiter: 'windows' })
  );
}

export function csvFilename(result: Pick<ReportResult, 'report' | 'period'>): string {
  return `${result.report}_${result.period.from}_${result.period.to}.csv`;
}
