import type { Dimension } from '../projection/counter-delta';
import type { ReportName } from './report-query';

export type Cell = string | number | null;

/** A report's answer: its figures, what they mean, and the same figures as one table (the CSV). */
export interface ReportResult {
  report: ReportName;
  workspaceId: string;
  timeZone: string;
  period: { from: string; to: string };
  /** The filter (several at once: kind `combination`), null when none. */
  filter: Dimension | null;
  /** Every filter given but the team. */
  filters: Dimension[];
  /** The team filter, null when none. */
  team: string | null;
  definitions: Record<string, string>;
  figures: Record<string, unknown>;
  table: { columns: string[]; rows: Cell[][] };
}

export const WEEKDAY_NAMES = ['poniedziałek', 'wtorek', 'środa', 'czwartek', 'piątek', 'sobota', 'niedziela'];
