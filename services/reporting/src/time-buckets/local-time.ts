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
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function computeBucket(at: Date | number, timeZone: string): LocalBucket & { minute: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const month = `${parts.year}-${parts.month}`;
  return {
    day: `${month}-${parts.day}`,
    month,
    hour: Number(parts.hour),
    weekday: WEEKDAYS[parts.weekday],
    minute: Number(parts.minute),
  };
}

const HOUR_MS = 3_600_000;
/** About ten years of hours per zone. */
const CACHED_HOURS = 90_000;
/** Per zone, each UTC hour's local bucket, or null: that hour is not one local hour (a zone off by :30 or :45, a clock change). */
const hours = new Map<string, Map<number, LocalBucket | null>>();

/**
 * The local bucket of an instant. A replay asks it for every event, and a year has only 8,760 hours: each UTC hour's
 * bucket is computed once, from its first and last minute, and kept when both fall on the same local hour from :00 to
 * :59 (so the whole hour does); an hour that does not is computed per instant.
 */
export function localBucket(instant: Date | string, timeZone: string): LocalBucket {
  const at = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  let zone = hours.get(timeZone);
  if (!zone) hours.set(timeZone, (zone = new Map()));
  const hour = Math.floor(at / HOUR_MS);
  let bucket = zone.get(hour);
  if (bucket === undefined) {
    const first = computeBucket(hour * HOUR_MS, timeZone);
    const last = computeBucket((hour + 1) * HOUR_MS - 1, timeZone);
    const whole = first.minute === 0 && last.minute === 59 && first.day === last.day && first.hour === last.hour;
    bucket = whole ? Object.freeze({ day: first.day, month: first.month, hour: first.hour, weekday: first.weekday }) : null;
    if (zone.size >= CACHED_HOURS) zone.clear();
    zone.set(hour, bucket);
  }
  if (bucket) return bucket;
  const { minute, ...exact } = computeBucket(at, timeZone);
  void minute;
  return exact;
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
