/** A statutory day off in Poland (ustawa o dniach wolnych od pracy). */
export interface PolishHoliday {
  /** Calendar date in Poland, YYYY-MM-DD. */
  date: string;
  name: string;
}

/** Easter Sunday (Gregorian) by the anonymous algorithm (Meeus/Jones/Butcher); month 1–12. */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The date `days` after Easter Sunday (calendar arithmetic in UTC, no time zone involved). */
function afterEaster(year: number, days: number): string {
  const { month, day } = easterSunday(year);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * Poland's public holidays of a year, in date order. Wigilia (24 December) is
 * a day off from 2025 on (the 2024 amendment); before that it is a working day.
 */
export function polishHolidays(year: number): PolishHoliday[] {
  const fixed: [number, number, string][] = [
    [1, 1, 'Nowy Rok'],
    [1, 6, 'Święto Trzech Króli'],
    [5, 1, 'Święto Pracy'],
    [5, 3, 'Święto Konstytucji 3 Maja'],
    [8, 15, 'Wniebowzięcie Najświętszej Maryi Panny'],
    [11, 1, 'Wszystkich Świętych'],
    [11, 11, 'Narodowe Święto Niepodległości'],
    ...(year >= 2025 ? ([[12, 24, 'Wigilia Bożego Narodzenia']] as [number, number, string][]) : []),
    [12, 25, 'Boże Narodzenie (pierwszy dzień)'],
    [12, 26, 'Boże Narodzenie (drugi dzień)'],
  ];
  const moving: PolishHoliday[] = [
    { date: afterEaster(year, 0), name: 'Wielkanoc' },
    { date: afterEaster(year, 1), name: 'Poniedziałek Wielkanocny' },
    { date: afterEaster(year, 49), name: 'Zielone Świątki' },
    { date: afterEaster(year, 60), name: 'Boże Ciało' },
  ];
  return [...fixed.map(([m, d, name]) => ({ date: iso(year, m, d), name })), ...moving].sort((x, y) =>
    x.date.localeCompare(y.date),
  );
}

const cache = new Map<number, Map<string, string>>();

/** The holiday's name on a Polish calendar date (YYYY-MM-DD), or null on an ordinary day. */
export function polishHolidayOn(date: string): string | null {
  const year = Number(date.slice(0, 4));
  let byDate = cache.get(year);
  if (!byDate) {
    byDate = new Map(polishHolidays(year).map((h) => [h.date, h.name]));
    cache.set(year, byDate);
  }
  return byDate.get(date) ?? null;
}
