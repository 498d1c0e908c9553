const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const warsaw = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Warsaw',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * Whether `at` falls on one of `days` between `from` and `to` (exclusive) on
 * the Warsaw wall clock; Intl knows the zone's DST. Polish public holidays
 * are not taken out yet: the shared business calendar (sla branch,
 * `libs/business-calendar`) replaces this function once merged.
 */
export function withinHours(hours: { days: number[]; from: string; to: string }, at: Date): boolean {
  const parts = Object.fromEntries(warsaw.formatToParts(at).map((p) => [p.type, p.value]));
  const clock = `${parts.hour}:${parts.minute}`;
  return hours.days.includes(WEEKDAYS[parts.weekday]) && clock >= hours.from && clock < hours.to;
}
