const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const warsaw = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Warsaw',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * Whether the clock is on one of `days` between `from` and `to` (exclusive) on
 * the Warsaw wall clock; Intl knows the zone's DST. Polish public holidays
 * are not taken out yet: the shared business calendar (sla branch,
 * `libs/business-calendar`) replaces this function once merged.
 */
export function withinHours(hours: { days: number[]; from: string; to: string }, clock: WarsawClock): boolean {
  return hours.days.includes(clock.weekday) && clock.time >= hours.from && clock.time < hours.to;
}

export interface WarsawClock {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** "HH:MM", 24-hour. */
  time: string;
}

/** The Warsaw wall clock at `at` (read once per evaluation: Intl formatting is the costly part). */
export function warsawClock(at: Date): WarsawClock {
  const parts = Object.fromEntries(warsaw.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday], time: `${parts.hour}:${parts.minute}` };
}
