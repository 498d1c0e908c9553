import type { BusinessCalendar, HoursRange } from '../api/admin-types';

/** Monday (1) … Sunday (7), as the API numbers them. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A weekday in the form: open or not, its hours; more ranges of the day (a lunch break) are kept as they are. */
export interface WeekdayHours {
  day: number;
  open: boolean;
  from: string;
  to: string;
  more: HoursRange[];
}

/** A day with other hours than the week: closed (no hours) or shorter (Wigilia). */
export type DayOff = { date: string; name: string; from: string; to: string };

export interface CalendarForm {
  timezone: string;
  week: WeekdayHours[];
  closedOnPolishHolidays: boolean;
  daysOff: DayOff[];
}

const byFrom = (a: HoursRange, b: HoursRange) => a.from.localeCompare(b.from);

export function calendarFormOf(calendar: BusinessCalendar): CalendarForm {
  return {
    timezone: calendar.timezone,
    week: WEEKDAYS.map((day) => {
      const [first, ...more] = calendar.open
        .filter((r) => r.days.includes(day))
        .map(({ from, to }) => ({ from, to }))
        .sort(byFrom);
      return { day, open: Boolean(first), from: first?.from ?? '08:00', to: first?.to ?? '16:00', more };
    }),
    closedOnPolishHolidays: calendar.closedOnPolishHolidays,
    daysOff: calendar.exceptions.map((e) => ({
      date: e.date,
      name: e.name ?? '',
      from: e.open[0]?.from ?? '',
      to: e.open[0]?.to ?? '',
    })),
  };
}

/**
 * The calendar to save and, for each of its `open` entries, the weekday whose
 * row shows it (the API's reason for `open.N` goes there). Days with the same
 * hours are one entry, as an admin would write them.
 */
export function calendarOf(form: CalendarForm): { calendar: BusinessCalendar; dayOfEntry: number[] } {
  const entries = new Map<string, { days: number[]; from: string; to: string }>();
  for (const row of form.week.filter((r) => r.open)) {
    for (const { from, to } of [{ from: row.from, to: row.to }, ...row.more]) {
      const key = `${from}-${to}`;
      const entry = entries.get(key) ?? { days: [], from, to };
      entry.days.push(row.day);
      entries.set(key, entry);
    }
  }
  const open = [...entries.values()];
  return {
    calendar: {
      timezone: form.timezone.trim(),
      open,
      closedOnPolishHolidays: form.closedOnPolishHolidays,
      exceptions: form.daysOff.map((d) => ({
        date: d.date,
        name: d.name.trim() || null,
        // No hours: closed all day.
        open: d.from || d.to ? [{ from: d.from, to: d.to }] : [],
      })),
    },
    dayOfEntry: open.map((entry) => entry.days[0]),
  };
}
