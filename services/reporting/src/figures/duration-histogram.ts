import { SERVICE_LEVEL_SECONDS } from '@threadline/contracts';

/**
 * Durations kept as counts in fixed buckets, so the store can add them up
 * with `$inc` (FerretDB has no `$avg`/`$max` in `$group`, nor percentiles)
 * and a report can still tell the median and the 90th percentile.
 *
 * A bucket is named by its index; bucket i holds durations in
 * (BOUNDS[i-1], BOUNDS[i]] seconds, the last one everything longer.
 * A percentile is answered as the upper bound of the bucket it falls in
 * (never more than the largest duration seen): at most one bucket step
 * above the exact figure, which is why the steps are finer where most
 * answers fall.
 */
const MINUTE = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;

export const RESPONSE_BOUNDS_SECONDS: readonly number[] = [
  30,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  20 * MINUTE,
  30 * MINUTE,
  45 * MINUTE,
  HOUR,
  1.5 * HOUR,
  2 * HOUR,
  3 * HOUR,
  4 * HOUR,
  6 * HOUR,
  8 * HOUR,
  12 * HOUR,
  16 * HOUR,
  DAY,
  1.5 * DAY,
  2 * DAY,
  3 * DAY,
  4 * DAY,
  5 * DAY,
  7 * DAY,
  10 * DAY,
  14 * DAY,
  21 * DAY,
  30 * DAY,
  60 * DAY,
];

/** Call waits: the service-level thresholds a call centre sets (e.g. 80 % within 20 s) are bucket bounds. */
export const WAIT_BOUNDS_SECONDS: readonly number[] = SERVICE_LEVEL_SECONDS;

export function bucketOf(seconds: number, bounds: readonly number[]): number {
  for (let i = 0; i < bounds.length; i++) if (seconds <= bounds[i]) return i;
  return bounds.length;
}

/** What a day's document holds for one duration measure; summed over days and dimensions by `mergeHistograms`. */
export interface HistogramCounts {
  n: number;
  sum: number;
  max: number;
  /** bucket index → count; sparse. */
  h: Record<string, number>;
}

export const emptyHistogram = (): HistogramCounts => ({ n: 0, sum: 0, max: 0, h: {} });

export function mergeHistograms(into: HistogramCounts, add: Partial<HistogramCounts> | undefined): HistogramCounts {
  if (!add) return into;
  into.n += add.n ?? 0;
  into.sum += add.sum ?? 0;
  into.max = Math.max(into.max, add.max ?? 0);
  for (const [bucket, count] of Object.entries(add.h ?? {})) into.h[bucket] = (into.h[bucket] ?? 0) + count;
  return into;
}

/** The q-quantile (0 < q ≤ 1) from bucket counts: the upper bound of the bucket holding it, capped at the maximum. */
export function percentile(counts: HistogramCounts, q: number, bounds: readonly number[]): number | null {
  if (counts.n === 0) return null;
  const rank = Math.ceil(q * counts.n);
  let seen = 0;
  for (let i = 0; i <= bounds.length; i++) {
    seen += counts.h[String(i)] ?? 0;
    if (seen >= rank) return Math.min(i < bounds.length ? bounds[i] : counts.max, counts.max);
  }
  return counts.max;
}

/** Count at or under `seconds`, which must be one of the bounds (so the answer is exact). */
export function countWithin(counts: HistogramCounts, seconds: number, bounds: readonly number[]): number {
  const last = bounds.indexOf(seconds);
  if (last < 0) throw new Error(`${seconds} s is not a bucket bound`);
  let within = 0;
  for (let i = 0; i <= last; i++) within += counts.h[String(i)] ?? 0;
  return within;
}

export interface DurationSummary {
  count: number;
  averageSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
  maxSeconds: number | null;
}

export function summarise(counts: HistogramCounts, bounds: readonly number[] = RESPONSE_BOUNDS_SECONDS): DurationSummary {
  return {
    count: counts.n,
    averageSeconds: counts.n ? Math.round(counts.sum / counts.n) : null,
    medianSeconds: percentile(counts, 0.5, bounds),
    p90Seconds: percentile(counts, 0.9, bounds),
    maxSeconds: counts.n ? counts.max : null,
  };
}
