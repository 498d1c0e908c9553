import { polishHolidayOn } from './polish-holidays';

/** Opening hours: ranges per ISO weekday (1 = Monday … 7 = Sunday), local times "HH:MM" in `timezone`. */
export interface BusinessHours {
  timezone: string;
  open: { days: number[]; from: string; to: string }[];
  /** Polish public holidays count as closed. */
  closedOnPolishHolidays: boolean;
}

export type OpenState =
  { open: true } | { open: false; reason: 'outside-hours' } | { open: false; reason: 'holiday'; holiday: string };

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall clock in a time zone: Intl knows the zone's DST rules, so no date library is needed. */
export function localClock(at: Date, timezone: string): { date: string; weekday: number; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday],
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the line is open at `at`; "to" is exclusive (08:00–16:00 closes at 16:00 sharp). */
export function openStateAt(hours: BusinessHours, at: Date): OpenState {
  const clock = localClock(at, hours.timezone);
  if (hours.closedOnPolishHolidays) {
    const holiday = polishHolidayOn(clock.date);
    if (holiday) return { open: false, reason: 'holiday', holiday };
  }
  const within = hours.open.some(
    (range) =>
      range.days.includes(clock.weekday) && clock.minutes >= toMinutes(range.from) && clock.minutes < toMinutes(range.to),
  );
  return within ? { open: true } : { open: false, reason: 'outside-hours' };
}
