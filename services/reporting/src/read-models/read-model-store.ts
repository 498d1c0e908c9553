import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId, isDuplicateKeyError } from '@threadline/persistence';
import type { CounterDelta, Dimension, DimensionKind, Grain } from '../projection/counter-delta';
import type { TicketFacts } from '../projection/ticket-facts';
import { CategoryLabelStore } from './category-label-store';
import { insertFailures } from './duplicate-failures';

/**
 * One dimension value's figures on one local day (`report_daily`), or on a
 * whole local month (`report_monthly`, no `day`); numbers nested as the
 * projection named them.
 */
export interface DailyCounters {
  _id: string;
  workspaceId: string;
  month: string;
  day?: string;
  kind: DimensionKind;
  value: string;
  [figure: string]: unknown;
}

export interface BacklogCounter {
  _id: string;
  workspaceId: string;
  kind: DimensionKind;
  value: string;
  open?: number;
  /** Open tickets by the local day they were opened. */
  openSince?: Record<string, number>;
}

interface SeenEvent {
  _id: string;
  workspaceId: string;
  at: Date;
}

type TicketFactsDoc = TicketFacts & { _id: string };

/** About a year of one busy workspace's counter documents (days × dimension values × partitions). */
const KNOWN_DOCUMENTS_KEPT = 200_000;

const loose = { versionKey: false, strict: false } as const;
const dailySchema = new Schema<DailyCounters>(
  { _id: String, workspaceId: String, month: String, day: String, kind: String, value: String },
  loose,
);
dailySchema.index({ workspaceId: 1, month: 1, kind: 1 });
const monthlySchema = new Schema<DailyCounters>(
  { _id: String, workspaceId: String, month: String, kind: String, value: String },
  loose,
);
monthlySchema.index({ workspaceId: 1, month: 1, kind: 1 });
const backlogSchema = new Schema<BacklogCounter>({ _id: String, workspaceId: String, kind: String, value: String }, loose);
backlogSchema.index({ workspaceId: 1, kind: 1 });
const seenSchema = new Schema<SeenEvent>({ _id: String, workspaceId: String, at: Date }, { versionKey: false });
const ticketSchema = new Schema<TicketFactsDoc>({ _id: String, workspaceId: String }, loose);

/**
 * The reporting read models: counters per workspace, local day and
 * dimension value (`$inc`/`$max` upserts keyed by equality), the live
 * backlog, what reporting remembers per ticket, and the ids of events
 * already projected.
 */
export class ReadModelStore {
  private readonly daily: Model<DailyCounters>;
  private readonly monthly: Model<DailyCounters>;
  private readonly backlog: Model<BacklogCounter>;
  private readonly seen: Model<SeenEvent>;
  private readonly tickets: Model<TicketFactsDoc>;
  /** Writes to one counter document are serialised in this process: FerretDB applies an update by reading, then writing. */
  private readonly writing = new Map<string, Promise<unknown>>();
  /** Counter documents written by this process (so they exist: `$inc` upserts). */
  private readonly existing = new Set<string>();
  /** Customers' category labels and the recurring tickets counted (the recurring problems' facts). */
  readonly categoryLabels: CategoryLabelStore;

  constructor(connection: Connection) {
    this.daily = connection.model<DailyCounters>('ReportDaily', dailySchema, 'report_daily');
    this.monthly = connection.model<DailyCounters>('ReportMonthly', monthlySchema, 'report_monthly');
    this.backlog = connection.model<BacklogCounter>('ReportBacklog', backlogSchema, 'report_backlog');
    this.seen = connection.model<SeenEvent>('ReportEventSeen', seenSchema, 'report_events_seen');
    this.tickets = connection.model<TicketFactsDoc>('ReportTicket', ticketSchema, 'report_tickets');
    this.categoryLabels = new CategoryLabelStore(connection);
  }

  /**
   * Claims many event ids at once (one unordered unique insert): answers the
   * ids claimed now; the others were projected before. Two instances never
   * both claim one event.
   */
  async claimMany(events: { id: string; workspaceId: string }[]): Promise<Set<string>> {
    const at = new Date();
    const claimed = new Set(events.map((e) => e.id));
    try {
      await this.seen.collection.insertMany(
        events.map((e) => ({ _id: e.id, workspaceId: e.workspaceId, at }) as never),
        { ordered: false },
      );
    } catch (error) {
      const refused = insertFailures(error);
      if (refused.others.length > 0) {
        // Refused for another reason than a duplicate: the ids this insert did claim are given back.
        const failed = new Set([...refused.duplicates, ...refused.others]);
        await this.releaseClaims(events.filter((_, i) => !failed.has(i)).map((e) => e.id));
        throw error;
      }
      for (const failure of refused.duplicates) claimed.delete(events[failure].id);
    }
    return claimed;
  }

  /** Gives claimed event ids back (their batch failed before writing): one point delete each, not an `$in` scan. */
  async releaseClaims(ids: string[]): Promise<void> {
    await Promise.all(ids.map((_id) => this.seen.deleteOne({ _id })));
  }

  async ticket(workspaceId: string, ticketId: string): Promise<TicketFacts | null> {
    const doc = await this.tickets.findOne({ _id: deterministicId(workspaceId, ticketId) }).lean<TicketFactsDoc>();
    if (!doc) return null;
    const { _id, ...facts } = doc;
    void _id;
    return facts;
  }

  /**
   * Saves tickets' facts: the ones reporting had not seen (most of them in
   * a rebuild) in one unordered insert, the others replaced by `_id`.
   * Indexes saved are added to `done`, so a retry writes only the rest.
   */
  async saveTickets(tickets: { facts: TicketFacts; isNew: boolean }[], done: Set<number>): Promise<void> {
    const docOf = (facts: TicketFacts) => ({ _id: deterministicId(facts.workspaceId, facts.ticketId), ...facts });
    const todo = [...tickets.keys()].filter((i) => !done.has(i));
    const replace = todo.filter((i) => !tickets[i].isNew);
    const fresh = todo.filter((i) => tickets[i].isNew);
    replace.push(...(await this.insertMissing(this.tickets, fresh, (i) => docOf(tickets[i].facts), done)));
    await settleAll(replace, done, async (i) => {
      const doc = docOf(tickets[i].facts);
      await this.tickets.replaceOne({ _id: doc._id }, doc, { upsert: true });
    });
  }

  /**
   * Adds counter amounts, one single-dimension delta per document. Documents
   * not known to exist (a new day; most of a rebuild) are inserted whole in
   * one unordered insert; the ones that existed after all, and the known
   * ones, get `$inc`/`$max` upserts by `_id`. Which documents exist is
   * remembered in this process rather than asked: an `$in` read is a scan on
   * FerretDB, and a wrong guess only costs a refused insert. Indexes written
   * are added to `done`, so a retry writes only the rest.
   */
  async addCounters(
    writes: { workspaceId: string; shard: string; grain: Grain; delta: CounterDelta }[],
    done: Set<number>,
  ): Promise<void> {
    const targets = writes.map(({ workspaceId, shard, grain, delta }) =>
      this.target(workspaceId, shard, grain, delta, delta.dimensions[0]),
    );
    const todo = [...writes.keys()].filter((i) => !done.has(i));
    const update = todo.filter((i) => this.existing.has(targets[i]._id));
    for (const model of [this.daily, this.monthly, this.backlog] as Model<DailyCounters>[]) {
      const missing = todo.filter((i) => targets[i].model === model && !this.existing.has(targets[i]._id));
      update.push(...(await this.insertMissing(model, missing, (i) => targets[i].wholeDocument(), done)));
      for (const i of missing) this.knowExisting(targets[i]._id);
    }
    await settleAll(update, done, (i) => this.increment(targets[i], writes[i].delta));
  }

  private knowExisting(id: string) {
    // Bounded: forgetting costs one refused insert per document, never a wrong figure.
    if (this.existing.size >= KNOWN_DOCUMENTS_KEPT) this.existing.clear();
    this.existing.add(id);
  }

  /** Inserts the documents in one unordered insert; answers the indexes whose document existed after all. */
  private async insertMissing<T>(
    model: Model<T>,
    indexes: number[],
    docOf: (i: number) => object,
    done: Set<number>,
  ): Promise<number[]> {
    if (indexes.length === 0) return [];
    const taken = new Set<number>();
    try {
      await model.collection.insertMany(
        indexes.map((i) => docOf(i) as never),
        { ordered: false },
      );
    } catch (error) {
      const refused = insertFailures(error);
      for (const failure of refused.duplicates) taken.add(indexes[failure]);
      if (refused.others.length > 0) {
        // The documents that did go in are done, so a retry neither counts them twice nor takes the batch for unwritten.
        const failed = new Set(refused.others);
        for (const [n, i] of indexes.entries()) if (!failed.has(n) && !taken.has(i)) done.add(i);
        throw error;
      }
    }
    for (const i of indexes) if (!taken.has(i)) done.add(i);
    return [...taken];
  }

  private target(workspaceId: string, shard: string, grain: Grain, delta: CounterDelta, dimension: Dimension) {
    const bucket = delta.bucket;
    const { kind, value } = dimension;
    const placed = !bucket
      ? { model: this.backlog, period: ['backlog'], identity: { workspaceId, kind, value, shard } }
      : grain === 'day'
        ? {
            model: this.daily,
            period: [bucket.day],
            identity: { workspaceId, month: bucket.month, day: bucket.day, kind, value, shard },
          }
        : {
            model: this.monthly,
            period: ['month', bucket.month],
            identity: { workspaceId, month: bucket.month, kind, value, shard },
          };
    const model = placed.model as Model<DailyCounters>;
    const _id = deterministicId(workspaceId, ...placed.period, kind, value, shard);
    const identity = placed.identity;
    return {
      model,
      _id,
      identity,
      wholeDocument: () => nested({ _id, ...identity }, { ...delta.inc, ...(delta.max ?? {}), ...(delta.set ?? {}) }),
    };
  }

  /**
   * `$inc`/`$max` upsert of one document. Writes to one document are
   * serialised in this process: FerretDB applies an update by reading, then
   * writing, so two at once could lose one.
   */
  private increment(target: ReturnType<ReadModelStore['target']>, delta: CounterDelta): Promise<unknown> {
    const { model, _id, identity } = target;
    const update: Record<string, unknown> = { $setOnInsert: identity };
    if (Object.keys(delta.inc).length) update.$inc = delta.inc;
    if (delta.max && Object.keys(delta.max).length) update.$max = delta.max;
    if (delta.set && Object.keys(delta.set).length) update.$set = delta.set;
    const write = async () => {
      const upsert = () => model.updateOne({ _id }, update, { upsert: true });
      try {
        await upsert();
      } catch (error) {
        // Another writer inserted the document first: now it exists, so the update applies.
        if (!isDuplicateKeyError(error)) throw error;
        await upsert();
      }
    };
    const next = (this.writing.get(_id) ?? Promise.resolve()).catch(() => undefined).then(write);
    this.writing.set(_id, next);
    void next
      .finally(() => {
        if (this.writing.get(_id) === next) this.writing.delete(_id);
      })
      .catch(() => undefined);
    return next;
  }

  /** Whether anything was ever projected into this store. */
  async hasReadModels(): Promise<boolean> {
    return (await this.seen.exists({})) !== null;
  }

  /**
   * Empties every read model, the remembered event ids included, so a replay
   * from the topics' beginning counts each event again, once. Dropped rather
   * than emptied one document at a time (a rebuild's store holds millions);
   * the indexes the reports read by are made again.
   */
  async clear(): Promise<void> {
    this.existing.clear();
    const models: Pick<Model<never>, 'collection' | 'createIndexes'>[] = [
      this.daily,
      this.monthly,
      this.backlog,
      this.seen,
      this.tickets,
      this.categoryLabels.labels,
      this.categoryLabels.claims,
    ];
    for (const model of models) {
      await model.collection.drop().catch((error: unknown) => {
        // Never created (nothing of that kind was projected): nothing to drop.
        if ((error as { code?: number }).code !== 26) throw error;
      });
      await model.createIndexes();
    }
  }

  /** The day documents of the given months for one dimension kind (and value); the caller keeps the period's days. */
  days(workspaceId: string, months: string[], kind: DimensionKind, value?: string): Promise<DailyCounters[]> {
    return this.ofMonths(this.daily, workspaceId, months, kind, value);
  }

  /** The month roll-ups of the given months for one dimension kind (and value): a whole month in one document per value. */
  wholeMonths(workspaceId: string, months: string[], kind: DimensionKind, value?: string): Promise<DailyCounters[]> {
    return this.ofMonths(this.monthly, workspaceId, months, kind, value);
  }

  private async ofMonths(
    model: Model<DailyCounters>,
    workspaceId: string,
    months: string[],
    kind: DimensionKind,
    value?: string,
  ): Promise<DailyCounters[]> {
    const perMonth = await Promise.all(
      months.map((month) =>
        model.find({ workspaceId, month, kind, ...(value !== undefined ? { value } : {}) }).lean<DailyCounters[]>(),
      ),
    );
    return perMonth.flat();
  }

  backlogOf(workspaceId: string, kind: DimensionKind, value?: string): Promise<BacklogCounter[]> {
    return this.backlog.find({ workspaceId, kind, ...(value !== undefined ? { value } : {}) }).lean<BacklogCounter[]>();
  }
}

/** Runs the writes not done yet side by side, marks each done as it succeeds, and throws the first failure. */
async function settleAll(indexes: number[], done: Set<number>, write: (i: number) => Promise<unknown>): Promise<void> {
  const results = await Promise.allSettled(
    indexes
      .filter((i) => !done.has(i))
      .map(async (i) => {
        await write(i);
        done.add(i);
      }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A document from dotted paths (`firstResponse.h.3` → `{firstResponse: {h: {3: …}}}`), as `$inc` would build it. */
function nested(into: Record<string, unknown>, paths: Record<string, number | string>): Record<string, unknown> {
  for (const [path, value] of Object.entries(paths)) {
    const parts = path.split('.');
    let at = into;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = value;
  }
  return into;
}
