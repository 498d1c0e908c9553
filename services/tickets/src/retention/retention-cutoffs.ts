import { DateTime } from 'luxon';
import type { RetentionSettings } from '@threadline/contracts';

/** Days and months are counted on the office's calendar (a month back from 31 March is the last day of February). */
export const RETENTION_TIMEZONE = 'Europe/Warsaw';

/** The local day a run belongs to, e.g. `2026-12-06`: a workspace's data is looked at once per such day. */
export function retentionDay(now: Date): string {
  return DateTime.fromJSDate(now, { zone: RETENTION_TIMEZONE }).toISODate() as string;
}

/** Before which instant each kind of data has expired; null where its period is off. */
export interface RetentionCutoffs {
  closedTickets: Date | null;
  chatTranscripts: Date | null;
  callRecordings: Date | null;
  rejectedMails: Date | null;
}

export function retentionCutoffs(settings: RetentionSettings, now: Date): RetentionCutoffs {
  const local = DateTime.fromJSDate(now, { zone: RETENTION_TIMEZONE });
  const monthsBack = (months: number | null) => (months === null ? null : local.minus({ months }).toJSDate());
  return {
    closedTickets: monthsBack(settings.closedTicketsMonths),
    chatTranscripts: monthsBack(settings.chatTranscriptsMonths),
    callRecordings: monthsBack(settings.callRecordingsMonths),
    rejectedMails: settings.rejectedMailsDays === null ? null : local.minus({ days: settings.rejectedMailsDays }).toJSDate(),
  };
}
