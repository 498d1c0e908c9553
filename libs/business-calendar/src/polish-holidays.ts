import Holidays from 'date-holidays';

/** A statutory day off in Poland (ustawa o dniach wolnych od pracy). */
export interface PolishHoliday {
  /** Calendar date in Poland, YYYY-MM-DD. */
  date: string;
  name: string;
}

// date-holidays keeps the law's changes (Wigilia is a day off from 2025) and the Easter-based days;
// only its `public` days are days off — the rest are observances and school days.
const poland = new Holidays('PL');
const byYear = new Map<number, Map<string, string>>();

/** Poland's public holidays of a year, in date order, with their Polish names. */
export function polishHolidays(year: number): PolishHoliday[] {
  return poland
    .getHolidays(year, 'pl')
    .filter((h) => h.type === 'public')
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** The holiday's name on a Polish calendar date (YYYY-MM-DD), or null on an ordinary day. */
export function polishHolidayOn(date: string): string | null {
  const year = Number(date.slice(0, 4));
  let days = byYear.get(year);
  if (!days) {
    days = new Map(polishHolidays(year).map((h) => [h.date, h.name]));
    byYear.set(year, days);
  }
  return days.get(date) ?? null;
}
