import { DateTime } from 'luxon';
import { polishHolidayOn } from './polish-holidays';

export const DEFAULT_TIMEZONE = 'Europe/Warsaw';

/** Local times "HH:MM" ("24:00" ends at midnight); `to` is exclusive. */
export interface HoursRange {
  from: string;
  to: string;
}

/** A day the office keeps other hours than its week: closed (`open: []`) or shorter (Wigilia 08:00–12:00). */
export interface OfficeException {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  open: HoursRange[];
  name?: string | null;
}

/** An office's hours: ranges per ISO weekday (1 = Monday … 7 = Sunday), in `timezone`. */
export interface BusinessCalendar {
  timezone: string;
  open: (HoursRange & { days: number[] })[];
  /** Polish public holidays count as closed (unless an exception says otherwise). */
  closedOnPolishHolidays: boolean;
  /** Take precedence over holidays and the week. */
  exceptions?: OfficeException[];
}

export type OpenState =
  { open: true } | { open: false; reason: 'outside-hours' } | { open: false; reason: 'holiday'; holiday: string };

/** Monday–Friday 08:00–16:00 in Warsaw, closed on Polish holidays. */
export const defaultBusinessCalendar = (): BusinessCalendar => ({
  timezone: DEFAULT_TIMEZONE,
  open: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }],
  closedOnPolishHolidays: true,
  exceptions: [],
});

/** What an office closed for a whole day by exception calls it when the exception has no name. */
export const OFFICE_DAY_OFF = 'Dzień wolny biura';

interface DayPlan {
  ranges: HoursRange[];
  closedFor: string | null;
}

/** The hours of one local date: an exception first, then a holiday, then the week. */
function dayPlan(calendar: BusinessCalendar, date: string, weekday: number): DayPlan {
  const exception = calendar.exceptions?.find((e) => e.date === date);
  if (exception) {
    return exception.open.length
      ? { ranges: exception.open, closedFor: null }
      : { ranges: [], closedFor: exception.name || OFFICE_DAY_OFF };
  }
  const holiday = calendar.closedOnPolishHolidays ? polishHolidayOn(date) : null;
  if (holiday) return { ranges: [], closedFor: holiday };
  return { ranges: calendar.open.filter((r) => r.days.includes(weekday)), closedFor: null };
}

/** The instant of a local wall time; a time skipped by DST moves forward (luxon's rule), "24:00" is the next midnight. */
function instantOf(day: DateTime, hhmm: string): number {
  const [hour, minute] = hhmm.split(':').map(Number);
  if (hour === 24) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

/** The open intervals [start, end) of a local day, as epoch milliseconds, in order. */
function openIntervals(calendar: BusinessCalendar, day: DateTime): [number, number][] {
  const plan = dayPlan(calendar, day.toISODate()!, day.weekday);
  return plan.ranges
    .map((r): [number, number] => [instantOf(day, r.from), instantOf(day, r.to)])
    .filter(([start, end]) => start < end)
    .sort((a, b) => a[0] - b[0]);
}

const QUARTER_HOUR_MS = 15 * 60_000;
const CACHED_DAYS = 20_000;
/** About ten years of quarter hours per zone (a few MB): a replay of years of events keeps its days. */
const CACHED_QUARTERS = 350_000;
interface KnownDay {
  day: DateTime;
  start: number;
  end: number;
}
/** The local day (its first instant, and the next day's) of the instants of each UTC quarter hour, per zone. */
const localDays = new Map<string, Map<number, KnownDay>>();
function localDay(at: number, timezone: string): DateTime {
  // Asked for every duration a replay measures (millions) over a few hundred days: luxon's zone arithmetic once per
  // local day, whose quarter hours are all remembered at once. Offsets change on quarter hours, so one quarter's
  // instants share a day; checked all the same.
  let quarters = localDays.get(timezone);
  if (!quarters) localDays.set(timezone, (quarters = new Map()));
  const quarter = Math.floor(at / QUARTER_HOUR_MS);
  const known = quarters.get(quarter);
  if (known && at >= known.start && at < known.end) return known.day;
  const day = DateTime.fromMillis(at, { zone: timezone }).startOf('day');
  const entry = { day, start: day.toMillis(), end: day.plus({ days: 1 }).startOf('day').toMillis() };
  if (quarters.size >= CACHED_QUARTERS) quarters.clear();
  // Every quarter hour that starts inside the day (a day starting off a quarter hour leaves its first to the check above).
  for (let q = Math.ceil(entry.start / QUARTER_HOUR_MS); q * QUARTER_HOUR_MS < entry.end; q++) quarters.set(q, entry);
  quarters.set(quarter, entry);
  return day;
}

/** A calendar's open intervals per local day (by the day's first instant), and the next local day: both pure. */
const perCalendar = new WeakMap<BusinessCalendar, Map<number, { intervals: [number, number][]; next: DateTime }>>();
function dayOf(calendar: BusinessCalendar, day: DateTime): { intervals: [number, number][]; next: DateTime } {
  let days = perCalendar.get(calendar);
  if (!days) perCalendar.set(calendar, (days = new Map()));
  let known = days.get(day.toMillis());
  if (!known) {
    known = { intervals: openIntervals(calendar, day), next: day.plus({ days: 1 }) };
    if (days.size >= CACHED_DAYS) days.clear();
    days.set(day.toMillis(), known);
  }
  return known;
}

/** Whether the office is open at `at`. */
export function openStateAt(calendar: BusinessCalendar, at: Date): OpenState {
  const day = localDay(at.getTime(), calendar.timezone);
  const plan = dayPlan(calendar, day.toISODate()!, day.weekday);
  if (plan.closedFor) return { open: false, reason: 'holiday', holiday: plan.closedFor };
  const t = at.getTime();
  return openIntervals(calendar, day).some(([start, end]) => t >= start && t < end)
    ? { open: true }
    : { open: false, reason: 'outside-hours' };
}

export const isOpenAt = (calendar: BusinessCalendar, at: Date): boolean => openStateAt(calendar, at).open;

/** How far ahead we look for open hours before deciding a calendar never opens (ten years). */
const MAX_DAYS = 3660;

export class CalendarNeverOpensError extends Error {
  constructor() {
    super('the business calendar has no open hours within ten years');
  }
}

/** The instant `ms` of open time after `from` (a clock started outside hours starts at the next opening). */
export function addBusinessTime(calendar: BusinessCalendar, from: Date, ms: number): Date {
  if (ms <= 0) return from;
  let remaining = ms;
  let day = localDay(from.getTime(), calendar.timezone);
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    for (const [start, end] of openIntervals(calendar, day)) {
      const begin = Math.max(start, from.getTime());
      if (begin >= end) continue;
      if (remaining <= end - begin) return new Date(begin + remaining);
      remaining -= end - begin;
    }
  }
  throw new CalendarNeverOpensError();
}

/** Open time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  const last = localDay(to.getTime(), calendar.timezone).toMillis();
  let total = 0;
  for (let day = localDay(from.getTime(), calendar.timezone); day.toMillis() <= last;) {
    const { intervals, next } = dayOf(calendar, day);
    for (const [start, end] of intervals) {
      total += Math.max(0, Math.min(end, to.getTime()) - Math.max(start, from.getTime()));
    }
    day = next;
  }
  return total;
}

const MINUTE_MS = 60_000;

export const addBusinessMinutes = (calendar: BusinessCalendar, from: Date, minutes: number): Date =>
  addBusinessTime(calendar, from, minutes * MINUTE_MS);

export const businessMinutesBetween = (calendar: BusinessCalendar, from: Date, to: Date): number =>
  businessTimeBetween(calendar, from, to) / MINUTE_MS;
