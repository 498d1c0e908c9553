import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId, findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';
import type { DimensionKind } from '../projection/counter-delta';
import type { TicketFacts } from '../projection/ticket-facts';
import { CategoryLabelStore } from './category-label-store';
import {
  counterDocumentOf,
  countedDocuments,
  documentKindOf,
  isFold,
  mergeEntries,
  periodKey,
  periodName,
  storedCounterDocument,
  type CounterDocument,
  type Placement,
  type StoredCounterDocument,
} from './counter-documents';
import { insertFailures } from './duplicate-failures';

/**
 * One dimension value's figures on one local day (`day` set), a whole local
 * month (`month` only), a whole local year (`year`), or the live backlog
 * (none), as reports read them: a counter document's entry with the
 * document's period beside it.
 */
export interface DailyCounters {
  workspaceId: string;
  year?: string;
  month?: string;
  day?: string;
  kind: DimensionKind;
  value: string;
  policyName?: string;
  [figure: string]: unknown;
}

/**
 * A batch's plan for some tickets no longer holds: facts it took for new were
 * stored, or facts it read were changed meanwhile (another writer of the
 * partition during a rebalance). It must be taken back and its events
 * projected alone, reading.
 */
export class TicketKnownAfterAll extends Error {
  /** `known`: the indexes of those tickets in the batch's saves (their stored facts are not the batch's to take back). */
  constructor(readonly known: number[]) {
    super('a ticket the batch took for new had facts stored already, or its facts changed meanwhile');
  }
}

/** Which values of a kind to read: one, or those a test keeps (a combination matching several filters). */
export type ValuePick = string | ((value: string) => boolean);

export interface BacklogCounter {
  workspaceId: string;
  month?: string;
  day?: string;
  kind: DimensionKind;
  value: string;
  open?: number;
  openSince?: Record<string, number>;
  [figure: string]: unknown;
}

interface SeenEvent {
  _id: string;
  workspaceId: string;
  at: Date;
}

/**
 * A ticket's facts as stored, with the ids of the ticket's events projected
 * into them: a ticket event's claim (exactly once per event id) is its id in
 * its ticket's facts, saved with the facts it made — no claim of its own.
 */
export interface StoredTicket {
  facts: TicketFacts;
  eventIds: string[];
}

/**
 * A ticket's facts and event ids as one JSON string (`state`): FerretDB writes a document of nested fields about
 * four times slower than one string field (its type schema per field), and they are only ever read by `_id`.
 * `projected`: how many events the facts hold, so a save replaces only the facts the batch read.
 */
interface TicketFactsDoc {
  _id: string;
  workspaceId: string;
  state: string;
  projected: number;
}

/** A tickets' facts save planned by a batch, with what was there before (null: none), to put back if the batch fails. */
export interface TicketSave {
  after: StoredTicket;
  before: StoredTicket | null;
}

/** How many batch documents of one partition's period and kind are written before they are folded into one. */
const FOLD_AFTER = 16;
/**
 * Once its partition is caught up, a month's or year's roll-up is folded as soon as its batch documents since the
 * last fold came from this many events: a replay's batches (thousands of events each, tens of kilobytes per document)
 * end as one document per partition and period, which is what a report over whole months or years reads. Live traffic
 * (a few events per batch, small documents) still folds every `FOLD_AFTER` documents.
 */
const CAUGHT_UP_FOLD_EVENTS = 500;

const counterSchema = (period: 'month' | 'year') => {
  const schema = new Schema<StoredCounterDocument>(
    { _id: String, workspaceId: String, year: String, month: String, day: String, kind: String, shard: String },
    { versionKey: false, strict: false },
  );
  schema.index({ workspaceId: 1, [period]: 1, kind: 1 });
  return schema;
};
const backlogSchema = new Schema<StoredCounterDocument>(
  { _id: String, workspaceId: String, kind: String, shard: String },
  { versionKey: false, strict: false },
);
backlogSchema.index({ workspaceId: 1, kind: 1 });
const seenSchema = new Schema<SeenEvent>({ _id: String, workspaceId: String, at: Date }, { versionKey: false });
const ticketSchema = new Schema<TicketFactsDoc>({ _id: String, workspaceId: String }, { versionKey: false, strict: false });

/**
 * The reporting read models: counter documents per workspace, period and
 * dimension kind, inserted once per batch and folded by their partition's
 * owner (`report_daily`, `report_monthly`, `report_backlog`), what reporting
 * remembers per ticket, and the ids of events already projected.
 */
export class ReadModelStore {
  private readonly counters: Record<Placement, Model<StoredCounterDocument>>;
  private readonly seen: Model<SeenEvent>;
  private readonly tickets: Model<TicketFactsDoc>;
  /** Batch documents written per partition's period and kind since its last fold (in this process). */
  private readonly sinceFold = new Map<string, { placement: Placement; doc: CounterDocument; written: number; events: number }>();
  /** Counter reads started in this turn of the event loop, by placement and filter (see `read`). */
  private readonly reading = new Map<string, Promise<CounterDocument[]>>();
  /** Customers' category labels and the recurring tickets counted (the recurring problems' facts). */
  readonly categoryLabels: CategoryLabelStore;

  /** `onRead`: told of every counter read a report makes (placement, documents): reporting's metrics count them. */
  constructor(
    private readonly connection: Connection,
    private readonly onRead: (placement: Placement, documents: number) => void = () => undefined,
  ) {
    this.counters = {
      day: connection.model<StoredCounterDocument>('ReportDaily', counterSchema('month'), 'report_daily'),
      month: connection.model<StoredCounterDocument>('ReportMonthly', counterSchema('month'), 'report_monthly'),
      year: connection.model<StoredCounterDocument>('ReportYearly', counterSchema('year'), 'report_yearly'),
      backlog: connection.model<StoredCounterDocument>('ReportBacklog', backlogSchema, 'report_backlog'),
    };
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
    if (events.length === 0) return claimed;
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

  /** A ticket's facts; a batch asks for its tickets together, which `findInWorkspace` reads as one `$in`. */
  async ticket(workspaceId: string, ticketId: string): Promise<StoredTicket | null> {
    const doc = await findInWorkspace(this.tickets, workspaceId, deterministicId(workspaceId, ticketId));
    return doc ? (JSON.parse(doc.state) as StoredTicket) : null;
  }

  /**
   * Saves tickets' facts: the ones reporting had not seen (most of them in
   * a rebuild) in one unordered insert, the others replaced by `_id` and
   * the number of events they held when read, so a save never overwrites
   * what another writer projected meanwhile (that batch is refused: taken
   * back, its events projected alone). Indexes saved are added to `done`,
   * so a retry writes only the rest.
   */
  async saveTickets(tickets: TicketSave[], done: Set<number>): Promise<void> {
    const todo = [...tickets.keys()].filter((i) => !done.has(i));
    const replace = todo.filter((i) => tickets[i].before !== null);
    const fresh = todo.filter((i) => tickets[i].before === null);
    const known = fresh.length > 0 ? await insertAll(this.tickets, fresh, (i) => ticketDoc(tickets[i].after), done) : [];
    const changed: number[] = [];
    const failure = await settleAll(replace, done, async (i) => {
      const doc = ticketDoc(tickets[i].after);
      const { matchedCount } = await this.tickets.replaceOne(
        { _id: doc._id, projected: tickets[i].before!.eventIds.length },
        doc,
      );
      if (matchedCount === 0) {
        changed.push(i);
        throw new TicketKnownAfterAll([i]);
      }
    }).then(
      () => null,
      (error: unknown) => error,
    );
    // Facts the batch took for new were there, or changed meanwhile (a creation seen twice, or another writer).
    if (known.length + changed.length > 0) throw new TicketKnownAfterAll([...known, ...changed]);
    if (failure) throw failure;
  }

  /** Puts tickets' facts back as they were before a batch that failed (one it had not seen: removed). */
  async restoreTickets(tickets: TicketSave[]): Promise<void> {
    await settleAll([...tickets.keys()], new Set(), (i) => {
      const { after, before } = tickets[i];
      const _id = deterministicId(after.facts.workspaceId, after.facts.ticketId);
      return before ? this.tickets.replaceOne({ _id }, ticketDoc(before), { upsert: true }) : this.tickets.deleteOne({ _id });
    });
  }

  /**
   * Inserts a batch's counter documents (one unordered insert per
   * collection; never an update, so nothing is read-then-written). An id
   * already there was written by an earlier try of the same batch (or by the
   * same batch delivered before). Ids written are added to `done`, so a
   * retry writes only the rest; those this call inserted, to `inserted`:
   * what taking the batch back may remove. `events`: how many events the
   * batch projected (what its documents weigh, for `foldDue`).
   */
  async addCounters(
    docs: { placement: Placement; doc: CounterDocument }[],
    done: Set<string>,
    inserted: Set<string>,
    events = 1,
  ): Promise<void> {
    const failures: unknown[] = [];
    for (const placement of PLACEMENTS) {
      const mine = docs.filter((d) => d.placement === placement && !done.has(d.doc._id)).map((d) => d.doc);
      if (mine.length === 0) continue;
      const written = new Set<number>();
      // Every index is either written now or was before (a duplicate): both are done.
      const taken = await insertAll(
        this.counters[placement],
        [...mine.keys()],
        (i) => storedCounterDocument(mine[i]),
        written,
      ).catch((error: unknown) => (failures.push(error), [] as number[]));
      for (const i of written) inserted.add(mine[i]._id);
      for (const i of [...written, ...taken]) done.add(mine[i]._id);
    }
    if (failures.length > 0) throw failures[0];
    for (const { placement, doc } of docs) {
      const key = `${placement}|${doc.workspaceId}|${periodKey(doc)}`;
      const seen = this.sinceFold.get(key);
      this.sinceFold.set(key, { placement, doc, written: (seen?.written ?? 0) + 1, events: (seen?.events ?? 0) + events });
    }
  }

  /** Removes a failed batch's counter documents (point deletes by id; one never written costs nothing). */
  async removeCounters(docs: { placement: Placement; doc: CounterDocument }[]): Promise<void> {
    await Promise.all(docs.map(({ placement, doc }) => this.counters[placement].deleteOne({ _id: doc._id })));
  }

  /**
   * Folds the periods whose partition wrote many batch documents since the
   * last fold, so a report reads a few documents per partition and period,
   * whatever the batches were. Called by the partition's owner after its
   * batch, for that partition only: so a fold has one writer, and never
   * takes in another partition's batch that may yet fail and be taken back.
   * `caughtUp`: the batch was the partition's last for now, so the months'
   * and years' roll-ups a replay's batches wrote are folded too (see
   * `CAUGHT_UP_FOLD_EVENTS`).
   */
  async foldDue(shard: string, caughtUp = false): Promise<void> {
    for (const [key, due] of [...this.sinceFold]) {
      if (due.doc.shard !== shard) continue;
      const rollUp = due.placement === 'month' || due.placement === 'year';
      if (due.written < FOLD_AFTER && !(caughtUp && rollUp && due.events >= CAUGHT_UP_FOLD_EVENTS)) continue;
      this.sinceFold.delete(key);
      await this.fold(due.placement, due.doc);
    }
  }

  /**
   * Adds one partition's documents of one period and kind up into a new
   * fold. The documents the newest fold replaced (a crash left them) and
   * older folds are deleted first: once the new fold exists, nothing else
   * tells readers to skip them. A fold already made (another owner after a
   * rebalance) is left as it is.
   */
  private async fold(placement: Placement, like: CounterDocument): Promise<void> {
    const model = this.counters[placement];
    const { workspaceId, kind, shard, year, month, day } = like;
    const period = {
      ...(year !== undefined ? { year } : {}),
      ...(month !== undefined ? { month } : {}),
      ...(day !== undefined ? { day } : {}),
    };
    const docs = (await model.find({ workspaceId, kind, shard, ...period }).lean<StoredCounterDocument[]>()).map(
      counterDocumentOf,
    );
    const newest = docs.filter(isFold).sort((a, b) => b.fold - a.fold)[0];
    const replaced = new Set(newest?.replaces ?? []);
    const stale = docs.filter((d) => (isFold(d) ? d !== newest : replaced.has(d._id)));
    await Promise.all(stale.map((d) => model.deleteOne({ _id: d._id })));
    const fresh = docs.filter((d) => !isFold(d) && !replaced.has(d._id));
    // One document and no fold: already what a reader would read after folding.
    if (fresh.length === 0 || (!newest && fresh.length === 1)) return;
    const generation = (newest?.fold ?? 0) + 1;
    const inputs = newest ? [newest, ...fresh] : fresh;
    const folded: CounterDocument = {
      _id: deterministicId(workspaceId, placement, periodName(like), kind, shard, 'fold', String(generation)),
      workspaceId,
      kind,
      shard,
      ...period,
      values: mergeEntries(inputs),
      at: Math.max(...inputs.map((d) => d.at)),
      fold: generation,
      replaces: fresh.map((d) => d._id),
    };
    try {
      await model.collection.insertOne(storedCounterDocument(folded) as never);
    } catch (error) {
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    await Promise.all(inputs.map((d) => model.deleteOne({ _id: d._id })));
  }

  /** Whether anything was ever projected into this store. */
  async hasReadModels(): Promise<boolean> {
    return (await this.seen.exists({})) !== null || (await this.tickets.exists({})) !== null;
  }

  /**
   * Empties every read model, the remembered event ids included, so a replay
   * from the topics' beginning counts each event again, once. Dropped rather
   * than emptied one document at a time (a rebuild's store holds millions);
   * the indexes the reports read by are made again.
   */
  async clear(): Promise<void> {
    this.sinceFold.clear();
    const models: Pick<Model<never>, 'collection' | 'createIndexes'>[] = [
      ...PLACEMENTS.map((p) => this.counters[p] as unknown as Model<never>),
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
    // Collections earlier projection versions wrote and this one no longer reads.
    for (const name of RETIRED_COLLECTIONS) await this.connection.dropCollection(name).catch(() => undefined);
  }

  /** The day figures of the given months for one dimension kind (and value); the caller keeps the period's days. */
  days(workspaceId: string, months: string[], kind: DimensionKind, value?: ValuePick): Promise<DailyCounters[]> {
    return this.ofMonths('day', workspaceId, months, kind, value);
  }

  /** The month roll-ups of the given months for one dimension kind (and value). */
  wholeMonths(workspaceId: string, months: string[], kind: DimensionKind, value?: ValuePick): Promise<DailyCounters[]> {
    return this.ofMonths('month', workspaceId, months, kind, value);
  }

  /** The year roll-ups of the given years for one dimension kind (and value): one equality read per year. */
  async wholeYears(workspaceId: string, years: string[], kind: DimensionKind, value?: ValuePick): Promise<DailyCounters[]> {
    const perYear = await Promise.all(
      years.map(async (year) =>
        entriesOf(await this.read('year', { workspaceId, year, kind: documentKindOf(kind) }), kind, value),
      ),
    );
    return perYear.flat() as DailyCounters[];
  }

  /** One equality read per month (workspace, month, document kind: the index); the kind's values are picked out here. */
  private async ofMonths(
    placement: 'day' | 'month',
    workspaceId: string,
    months: string[],
    kind: DimensionKind,
    value?: ValuePick,
  ): Promise<DailyCounters[]> {
    const perMonth = await Promise.all(
      months.map(async (month) =>
        entriesOf(await this.read(placement, { workspaceId, month, kind: documentKindOf(kind) }), kind, value),
      ),
    );
    return perMonth.flat() as DailyCounters[];
  }

  async backlogOf(workspaceId: string, kind: DimensionKind, value?: ValuePick): Promise<BacklogCounter[]> {
    return entriesOf(await this.read('backlog', { workspaceId, kind: documentKindOf(kind) }), kind, value);
  }

  /**
   * The counter documents of one equality filter. Reads of the same filter
   * started in the same turn of the event loop share one answer: a report
   * reading several kinds at once (the volume's breakdowns, side by side)
   * reads their common document once. Only the same turn: a read started
   * later (the next request, the wall-board's next poll) is a read of its
   * own, never an older answer still on its way.
   */
  private read(placement: Placement, filter: Partial<Pick<CounterDocument, 'workspaceId' | 'year' | 'month' | 'kind'>>) {
    const key = JSON.stringify([placement, filter]);
    let reading = this.reading.get(key);
    if (!reading) {
      reading = this.counters[placement]
        .find(filter)
        .lean<StoredCounterDocument[]>()
        .exec()
        .then((docs) => (this.onRead(placement, docs.length), docs.map(counterDocumentOf)));
      this.reading.set(key, reading);
      setImmediate(() => this.reading.delete(key));
    }
    return reading;
  }
}

const PLACEMENTS: readonly Placement[] = ['day', 'month', 'year', 'backlog'];
/** `report_category_keys`: up to version 5, a label key's first labelling (now its labels' one document). */
const RETIRED_COLLECTIONS = ['report_category_keys'];

const ticketDoc = ({ facts, eventIds }: StoredTicket): TicketFactsDoc => ({
  _id: deterministicId(facts.workspaceId, facts.ticketId),
  workspaceId: facts.workspaceId,
  // A field left undefined reads back as null, as the store's own encoding did.
  state: JSON.stringify({ facts, eventIds }, (_, value: unknown) => (value === undefined ? null : value)),
  projected: eventIds.length,
});

/** The counted documents' entries of one kind (and value, if given), each with its document's period beside its figures. */
function entriesOf(docs: CounterDocument[], kind: DimensionKind, value?: ValuePick): BacklogCounter[] {
  const picked = value === undefined ? () => true : typeof value === 'string' ? (v: string) => v === value : value;
  return countedDocuments(docs).flatMap((d) =>
    d.values
      .filter((e) => e.kind === kind && picked(e.value))
      .map((e) => ({
        workspaceId: d.workspaceId,
        ...(d.year !== undefined ? { year: d.year } : {}),
        ...(d.month !== undefined ? { month: d.month } : {}),
        ...(d.day !== undefined ? { day: d.day } : {}),
        kind,
        ...e.figures,
        ...e.labels,
        value: e.value,
      })),
  );
}

/**
 * Inserts the documents in one unordered insert; answers the indexes whose
 * document was there already. Indexes written are added to `done`, also when
 * the insert fails for another reason (so a retry neither writes them twice
 * nor takes the batch for unwritten).
 */
async function insertAll<T>(
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
      const failed = new Set(refused.others);
      for (const [n, i] of indexes.entries()) if (!failed.has(n) && !taken.has(i)) done.add(i);
      throw error;
    }
  }
  for (const i of indexes) if (!taken.has(i)) done.add(i);
  return [...taken];
}

/**
 * Writes of one batch in flight at once. Unpatched, FerretDB 1.24 stopped answering when one process sent it hundreds
 * of `replaceOne`s at once (each read held a pooled connection while its write waited for another; fixed in our
 * build, infra/ferretdb/patches/0002); the limit stays so a live batch of many tickets does not flood the store.
 */
const WRITES_IN_FLIGHT = 16;

/** Runs every write not done yet, at most `WRITES_IN_FLIGHT` at once; marks each that succeeds, then throws the first failure. */
async function settleAll(indexes: number[], done: Set<number>, write: (i: number) => Promise<unknown>): Promise<void> {
  const todo = indexes.filter((i) => !done.has(i));
  let failed: PromiseRejectedResult | undefined;
  for (let start = 0; start < todo.length; start += WRITES_IN_FLIGHT) {
    const results = await Promise.allSettled(
      todo.slice(start, start + WRITES_IN_FLIGHT).map(async (i) => {
        await write(i);
        done.add(i);
      }),
    );
    failed ??= results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  }
  if (failed) throw failed.reason;
}
