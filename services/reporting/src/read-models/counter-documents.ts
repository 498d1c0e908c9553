import { deterministicId } from '@threadline/persistence';
import {
  compactDeltas,
  DeltaSums,
  periodOfGrain,
  type CounterDelta,
  type DimensionKind,
  type Grain,
} from '../projection/counter-delta';
import { sumCounters, type Counters } from '../figures/sum-counters';

/** One dimension value's figures in a counter document; `labels`: names kept as last written (an SLA policy's). */
export interface CounterEntry {
  kind: DimensionKind;
  value: string;
  figures: Counters;
  labels?: Record<string, string>;
}

/** Where counter documents go: per local day, per local month or year (the roll-ups), or the live backlog (no period). */
export type Placement = Grain | 'backlog';

/**
 * Which document of a period holds a dimension kind's values: the
 * combinations (many values, read only by a report filtered by several
 * dimensions at once) apart, every other kind together — a replay's batch
 * writes two documents per period where it wrote one per kind, and a report
 * reading several kinds reads the one document once.
 */
export type DocumentKind = 'breakdowns' | 'combination';
export const documentKindOf = (kind: DimensionKind): DocumentKind => (kind === 'combination' ? 'combination' : 'breakdowns');

/**
 * What one batch of one partition added to one document kind of one
 * workspace on one period (a local day, a local month or year, or the
 * backlog): every value of its dimension kinds in one document, inserted once
 * under an id made of the batch — never updated. A fold (`fold` = its generation) is the partition's
 * documents of that period and kind added up; it names the documents it
 * replaced, which no reader counts any more even while they still exist.
 */
export interface CounterDocument {
  _id: string;
  workspaceId: string;
  kind: DocumentKind;
  /** The partition (`topic/partition`) whose owner wrote it: the only writer of its period's documents. */
  shard: string;
  year?: string;
  month?: string;
  day?: string;
  values: CounterEntry[];
  /** When it was written: orders labels (a renamed policy's newest name wins). */
  at: number;
  fold?: number;
  replaces?: string[];
}

/**
 * A counter document as stored: its values as one JSON string. FerretDB keeps
 * every field of a nested document with its type beside it and converts each
 * one on a read (a year's breakdowns are thousands of fields per partition);
 * one string per document is read about ten times faster, and nothing ever
 * queries inside the values (reports pick them out in the process).
 */
export type StoredCounterDocument = Omit<CounterDocument, 'values'> & { values: string };

export const storedCounterDocument = (doc: CounterDocument): StoredCounterDocument => ({
  ...doc,
  values: JSON.stringify(doc.values),
});

export const counterDocumentOf = (stored: StoredCounterDocument): CounterDocument => ({
  ...stored,
  values: JSON.parse(stored.values) as CounterEntry[],
});

/** The documents one batch writes: per placement, kind and period, with ids from the batch. */
export function batchDocuments(
  workspaceId: string,
  shard: string,
  batch: string,
  deltas: CounterDelta[] | DeltaSums,
  at: number,
): { placement: Placement; doc: CounterDocument }[] {
  const perDocument = new Map<string, { placement: Placement; doc: CounterDocument }>();
  const add = (placement: Placement, delta: CounterDelta) => {
    const { kind: dimension, value } = delta.dimensions[0];
    const kind = documentKindOf(dimension);
    const period: Pick<CounterDocument, 'year' | 'month' | 'day'> = !delta.bucket
      ? {}
      : placement === 'day'
        ? { month: delta.bucket.month, day: delta.bucket.day }
        : placement === 'month'
          ? { month: delta.bucket.month }
          : { year: periodOfGrain(delta.bucket, 'year') };
    const key = `${placement}|${periodName(period)}|${kind}`;
    let into = perDocument.get(key);
    if (!into) {
      const _id = deterministicId(workspaceId, placement, periodName(period), kind, shard, batch);
      into = { placement, doc: { _id, workspaceId, kind, shard, ...period, values: [], at } };
      perDocument.set(key, into);
    }
    into.doc.values.push({
      kind: dimension,
      value,
      figures: nested(nested({}, delta.inc), delta.max ?? {}) as Counters,
      ...(delta.set ? { labels: delta.set } : {}),
    });
  };
  const daily = compactDeltas(deltas, 'day');
  for (const delta of daily) add(delta.bucket ? 'day' : 'backlog', delta);
  // Each day's figures also go to the month's and the year's roll-ups (the backlog has no period, so no roll-up),
  // added up from the days' (a few per value, where the batch's deltas are thousands).
  const dated = daily.filter((d) => d.bucket);
  for (const grain of ['month', 'year'] as const) for (const delta of compactDeltas(dated, grain)) add(grain, delta);
  return [...perDocument.values()];
}

/** A document's period as written: its day, month or year; `-` for the backlog. */
export const periodName = (d: Pick<CounterDocument, 'year' | 'month' | 'day'>): string => d.day ?? d.month ?? d.year ?? '-';

/**
 * The documents a reader counts out of one period's documents as read: per
 * partition and period, the newest fold and the batch documents it did not
 * replace (older folds and replaced documents a crash left behind are skipped).
 */
export function countedDocuments(docs: CounterDocument[]): CounterDocument[] {
  const newestFold = new Map<string, CounterDocument>();
  for (const d of docs) {
    if (!isFold(d)) continue;
    const key = periodKey(d);
    if ((newestFold.get(key)?.fold ?? -1) < d.fold) newestFold.set(key, d);
  }
  const replaced = new Set([...newestFold.values()].flatMap((f) => f.replaces ?? []));
  return docs.filter((d) => (isFold(d) ? newestFold.get(periodKey(d)) === d : !replaced.has(d._id)));
}

export function isFold(d: CounterDocument): d is CounterDocument & { fold: number } {
  return typeof d.fold === 'number';
}

/** A fold's key: one partition's documents of one period and kind. */
export function periodKey(d: Pick<CounterDocument, 'shard' | 'kind' | 'day' | 'month' | 'year'>): string {
  return `${d.shard}|${d.kind}|${periodName(d)}`;
}

/** Documents' entries added up per kind and value (labels: the newest document's), values whose figures all cancelled out left out. */
export function mergeEntries(docs: CounterDocument[]): CounterEntry[] {
  const perValue = new Map<
    string,
    { kind: DimensionKind; value: string; figures: Record<string, unknown>[]; labels?: Record<string, string> }
  >();
  for (const d of [...docs].sort((a, b) => a.at - b.at)) {
    for (const entry of d.values) {
      const key = `${entry.kind}|${entry.value}`;
      const into = perValue.get(key) ?? { kind: entry.kind, value: entry.value, figures: [] };
      into.figures.push(entry.figures);
      if (entry.labels) into.labels = { ...into.labels, ...entry.labels };
      perValue.set(key, into);
    }
  }
  const merged: CounterEntry[] = [];
  for (const { kind, value, figures, labels } of perValue.values()) {
    const summed = withoutZeros(sumCounters(figures));
    if (Object.keys(summed).length > 0 || labels) merged.push({ kind, value, figures: summed, ...(labels ? { labels } : {}) });
  }
  return merged;
}

/**
 * Counters with the fields that summed to zero left out (a ticket moved from
 * queue A to B, a backlog day whose tickets all closed): what a fold keeps.
 * A report reads a missing field as zero.
 */
export function withoutZeros(counters: Counters): Counters {
  const kept: Counters = {};
  for (const [field, value] of Object.entries(counters)) {
    if (typeof value === 'number') {
      if (value !== 0) kept[field] = value;
      continue;
    }
    const inner = withoutZeros(value);
    if (Object.keys(inner).length > 0) kept[field] = inner;
  }
  return kept;
}

/** A document from dotted paths (`firstResponse.h.3` → `{firstResponse: {h: {3: …}}}`). */
function nested(into: Record<string, unknown>, paths: Record<string, number>): Record<string, unknown> {
  for (const path in paths) {
    const value = paths[path];
    const parts = pathParts(path);
    let at = into;
    for (let i = 0; i < parts.length - 1; i++) at = (at[parts[i]] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = value;
  }
  return into;
}

/** Paths split once: a replay writes the same few hundred field paths for every value of every batch. */
const splitPaths = new Map<string, string[]>();
function pathParts(path: string): string[] {
  let parts = splitPaths.get(path);
  if (!parts) {
    parts = path.split('.');
    // The paths are the projection's own field names (bounded); the guard only keeps a surprise from growing it.
    if (splitPaths.size < 10_000) splitPaths.set(path, parts);
  }
  return parts;
}
