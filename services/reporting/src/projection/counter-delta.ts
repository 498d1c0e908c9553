import { businessTimeBetween, type BusinessCalendar } from '@threadline/business-calendar';
import { bucketOf, RESPONSE_BOUNDS_SECONDS } from '../figures/duration-histogram';
import type { LocalBucket } from '../time-buckets/local-time';

/**
 * The ways a figure can be cut; every counter document holds the values of one of them ('all': the whole workspace).
 * `policy`: the SLA policy, whose documents hold only the SLA figures. `combination`: every filterable dimension of a
 * figure at once (what a report filtered by several at a time reads).
 */
export const DIMENSION_KINDS = ['all', 'channel', 'queue', 'agent', 'category', 'tier', 'policy', 'combination'] as const;
export type DimensionKind = (typeof DIMENSION_KINDS)[number];
export interface Dimension {
  kind: DimensionKind;
  value: string;
}

/** Stand-ins for "none", so a ticket without a queue or assignee is still counted somewhere. */
export const NO_VALUE = { queue: '(none)', category: '(none)', agent: '(unassigned)', tier: '(unknown)' } as const;

export const ALL: Dimension = { kind: 'all', value: 'all' };

/** The dimensions a report can be filtered by, in the order a combination names them. */
export const FILTERABLE = ['channel', 'queue', 'agent', 'category', 'tier'] as const satisfies readonly DimensionKind[];

/**
 * The combination of a figure's filterable dimensions, as one value
 * (`[["channel","sms"],["queue","reklamacje"],…]`; a contact has no agent,
 * category or tier), or null when it has none (an SLA policy's figure).
 */
export function combinationOf(dimensions: readonly Dimension[]): Dimension | null {
  const pairs: [string, string][] = [];
  for (const kind of FILTERABLE) for (const d of dimensions) if (d.kind === kind) pairs.push([kind, d.value]);
  return pairs.length > 0 ? { kind: 'combination', value: JSON.stringify(pairs) } : null;
}

/** Whether a combination's figure belongs to every one of the filters. */
export function combinationMatches(combination: string, filters: readonly Dimension[]): boolean {
  const has = new Map(JSON.parse(combination) as [string, string][]);
  return filters.every((f) => has.get(f.kind) === f.value);
}

/** The value one dimension has in a combination (undefined: the figure has none of that kind). */
export function valueInCombination(combination: string, kind: DimensionKind): string | undefined {
  return new Map(JSON.parse(combination) as [string, string][]).get(kind);
}

/**
 * What one event adds to the read models: `$inc` amounts and `$max` values
 * for the counter documents of each dimension, on the local day the figure
 * belongs to, or (bucket null) on the live backlog, which has no day.
 */
export interface CounterDelta {
  bucket: LocalBucket | null;
  dimensions: Dimension[];
  inc: Record<string, number>;
  max?: Record<string, number>;
  /** Labels kept as last written (an SLA policy's name: the value is its id, which a rename keeps). */
  set?: Record<string, string>;
}

/** A duration measured once: count, sum, maximum and its histogram bucket under `name`. */
export function durationFields(name: string, seconds: number, bounds: readonly number[] = RESPONSE_BOUNDS_SECONDS) {
  const s = Math.max(0, Math.round(seconds));
  return {
    inc: { [`${name}.n`]: 1, [`${name}.sum`]: s, [`${name}.h.${bucketOf(s, bounds)}`]: 1 },
    max: { [`${name}.max`]: s },
  };
}

/**
 * A duration from `from` to `to` measured twice: in calendar time under
 * `name` and in the office's open time under `<name>Business` (a ticket
 * from Friday evening answered on Monday at 08:30 waited 30 business minutes).
 */
export function calendarAndBusiness(name: string, from: string, to: string, calendar: BusinessCalendar) {
  const calendarTime = durationFields(name, secondsBetween(from, to));
  const businessTime = durationFields(`${name}Business`, businessTimeBetween(calendar, new Date(from), new Date(to)) / 1000);
  return { inc: { ...calendarTime.inc, ...businessTime.inc }, max: { ...calendarTime.max, ...businessTime.max } };
}

export function secondsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/**
 * How long a counter document's period is: a local day, or the whole local
 * month or year (the roll-ups a report over whole months or years reads
 * instead of their days).
 */
export type Grain = 'day' | 'month' | 'year';

/** The period of a grain a local day belongs to: `2026-11-30`, `2026-11` or `2026`. */
export const periodOfGrain = (bucket: Pick<LocalBucket, 'day' | 'month'>, grain: Grain): string =>
  grain === 'day' ? bucket.day : grain === 'month' ? bucket.month : bucket.month.slice(0, 4);

/**
 * The kinds that keep hour-of-week counts (`contactsByHour.*`, `ticketsByHour.*`): the workspace's total and the
 * combinations, which a report filtered by one dimension reads them from. On every value of every kind they were
 * most of a period's breakdowns (up to 168 fields each), written by every replay and read by every report.
 */
const HOURLY_KINDS: ReadonlySet<DimensionKind> = new Set(['all', 'combination']);
const NONE: readonly string[] = [];
const isHourOfWeek = (field: string) => field.startsWith('contactsByHour.') || field.startsWith('ticketsByHour.');

/** Adds a delta's amounts into another's: `inc` summed, `max` kept largest, `set` the later's. */
function addAmounts(into: CounterDelta, delta: CounterDelta, plain: readonly string[], hourly: readonly string[]): void {
  const inc = into.inc;
  for (const field of plain) inc[field] = (inc[field] ?? 0) + delta.inc[field];
  for (const field of hourly) inc[field] = (inc[field] ?? 0) + delta.inc[field];
  if (delta.max) {
    const max = (into.max ??= {});
    for (const field in delta.max) max[field] = Math.max(max[field] ?? 0, delta.max[field]);
  }
  if (delta.set) into.set = { ...into.set, ...delta.set };
}

/**
 * Deltas added up as they come, per period (of a grain) and dimensions: one ticket's moves, a day's tickets of one
 * channel, queue, category, agent and tier. A batch adds each event's deltas here at once, so they are gone by the
 * next event (thousands of them kept to the batch's end were most of the replay's garbage collection). A delta that
 * keeps labels (`set`: the last written wins), or has one dimension, is kept as it came, in order.
 */
export class DeltaSums {
  /** Kept as they came: labels, or nothing to add up before splitting. */
  readonly kept: CounterDelta[] = [];
  private readonly sums = new Map<string, CounterDelta>();

  constructor(readonly grain: Grain = 'day') {}

  add(delta: CounterDelta): void {
    if (delta.set || delta.dimensions.length < 2) {
      this.kept.push(delta);
      return;
    }
    let key = delta.bucket ? periodOfGrain(delta.bucket, this.grain) : '-';
    for (const d of delta.dimensions) key += `\u0000${d.kind}\u0000${d.value}`;
    let into = this.sums.get(key);
    if (!into) this.sums.set(key, (into = { bucket: delta.bucket, dimensions: delta.dimensions, inc: {} }));
    addAmounts(into, delta, Object.keys(delta.inc), NONE);
  }

  /** The sums (after the deltas kept as they came): `compactDeltas` makes the same documents of them as of the deltas. */
  deltas(): CounterDelta[] {
    return [...this.kept, ...this.sums.values()];
  }
}

/**
 * Splits deltas into one per dimension (and their combination), merges those that land on the same document (of the given grain) and
 * drops amounts that net to zero (a ticket moved from queue A to B leaves
 * 'all' as it was), so one event costs as few writes as it can.
 */
export function compactDeltas(deltas: CounterDelta[] | DeltaSums, grain: Grain = 'day'): CounterDelta[] {
  // The replay's hottest loop (every delta of a batch), in two steps: the deltas of one period and the same dimensions
  // are added up first (`DeltaSums`), amounts that cancel out dropped; only those sums are split per dimension, into
  // documents found by period, kind and value in nested maps. The deltas kept as they came are split first, in order,
  // so labels keep the deltas' order.
  const byPeriod = new Map<string, Map<DimensionKind, Map<string, CounterDelta>>>();
  const made: CounterDelta[] = [];
  const split = (delta: CounterDelta) => {
    const period = delta.bucket ? periodOfGrain(delta.bucket, grain) : '-';
    let kinds = byPeriod.get(period);
    if (!kinds) byPeriod.set(period, (kinds = new Map()));
    const plain: string[] = [];
    const hourly: string[] = [];
    for (const field in delta.inc) {
      if (delta.inc[field] !== 0) (isHourOfWeek(field) ? hourly : plain).push(field);
    }
    const add = (dimension: Dimension) => {
      let values = kinds.get(dimension.kind);
      if (!values) kinds.set(dimension.kind, (values = new Map()));
      let into = values.get(dimension.value);
      if (!into) {
        into = { bucket: delta.bucket, dimensions: [dimension], inc: {}, max: {} };
        values.set(dimension.value, into);
        made.push(into);
      }
      addAmounts(into, delta, plain, HOURLY_KINDS.has(dimension.kind) ? hourly : NONE);
    };
    for (const dimension of delta.dimensions) add(dimension);
    // A figure of several dimensions also counts under their combination (what a report filtered by several reads).
    const combination = delta.dimensions.length > 1 ? combinationOf(delta.dimensions) : null;
    if (combination) add(combination);
  };
  // Sums of this grain already (a batch's): split as they are; adding them up again would only copy them.
  let sums = deltas instanceof DeltaSums && deltas.grain === grain ? deltas : null;
  if (!sums) {
    sums = new DeltaSums(grain);
    for (const delta of deltas instanceof DeltaSums ? deltas.deltas() : deltas) sums.add(delta);
  }
  for (const delta of sums.deltas()) split(delta);
  const compacted: CounterDelta[] = [];
  for (const delta of made) {
    let kept = false;
    for (const field in delta.inc) {
      if (delta.inc[field] === 0) delete delta.inc[field];
      else kept = true;
    }
    if (kept || Object.keys(delta.max ?? {}).length > 0) compacted.push(delta);
  }
  return compacted;
}
