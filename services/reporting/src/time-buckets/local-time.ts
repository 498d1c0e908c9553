/**
 * Where an instant falls in a workspace's own calendar: the local day, month,
 * hour and weekday in its time zone (Europe/Warsaw by default). Days are
 * local days, so a day in which the clocks change has 23 or 25 hours and an
 * event at 00:30 local time belongs to that local day, not to UTC's.
 */
export interface LocalBucket {
  /** YYYY-MM-DD in the workspace's zone. */
  day: string;
  /** YYYY-MM, the read models' partition key for period queries. */
  month: string;
  /** 0–23 local hour. */
  hour: number;
  /** ISO weekday, 1 Monday … 7 Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localBucket(instant: Date | string, timeZone: string): LocalBucket {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const month = `${parts.year}-${parts.month}`;
  return { day: `${month}-${parts.day}`, month, hour: Number(parts.hour), weekday: WEEKDAYS[parts.weekday] };
}

/** "3-14": Wednesday 14:00–15:00, the key of an hour-of-week count. */
export function hourOfWeek(bucket: LocalBucket): string {
  return `${bucket.weekday}-${bucket.hour}`;
}

/** Every local day from `from` to `to` inclusive (YYYY-MM-DD); calendar arithmetic, no time zone involved. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** The months (YYYY-MM) the days fall in, in order. */
export function monthsOf(days: string[]): string[] {
  return [...new Set(days.map((d) => d.slice(0, 7)))];
}
