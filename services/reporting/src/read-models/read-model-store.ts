import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId, isDuplicateKeyError } from '@threadline/persistence';
import type { CounterDelta, Dimension, DimensionKind } from '../projection/counter-delta';
import type { TicketFacts } from '../projection/ticket-facts';

/** One dimension value's figures on one local day; numbers nested as the projection named them. */
export interface DailyCounters {
  _id: string;
  workspaceId: string;
  month: string;
  day: string;
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
}

interface SeenEvent {
  _id: string;
  workspaceId: string;
  at: Date;
}

type TicketFactsDoc = TicketFacts & { _id: string };

const loose = { versionKey: false, strict: false } as const;
const dailySchema = new Schema<DailyCounters>(
  { _id: String, workspaceId: String, month: String, day: String, kind: String, value: String },
  loose,
);
dailySchema.index({ workspaceId: 1, month: 1, kind: 1 });
const backlogSchema = new Schema<BacklogCounter>({ _id: String, workspaceId: String, kind: String, value: String }, loose);
backlogSchema.index({ workspaceId: 1, kind: 1 });
const seenSchema = new Schema<SeenEvent>({ _id: String, workspaceId: String, at: Date }, { versionKey: false });
const ticketSchema = new Schema<TicketFactsDoc>({ _id: String, workspaceId: String }, loose);

/** The collections a rebuild drops (the projection's whole state). */
export const READ_MODEL_COLLECTIONS = ['report_daily', 'report_backlog', 'report_tickets', 'report_events_seen'] as const;

/**
 * The reporting read models: counters per workspace, local day and
 * dimension value (`$inc`/`$max` upserts keyed by equality), the live
 * backlog, what reporting remembers per ticket, and the ids of events
 * already projected.
 */
export class ReadModelStore {
  private readonly daily: Model<DailyCounters>;
  private readonly backlog: Model<BacklogCounter>;
  private readonly seen: Model<SeenEvent>;
  private readonly tickets: Model<TicketFactsDoc>;
  /** Writes to one counter document are serialised in this process: FerretDB applies an update by reading, then writing. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(connection: Connection) {
    this.daily = connection.model<DailyCounters>('ReportDaily', dailySchema, 'report_daily');
    this.backlog = connection.model<BacklogCounter>('ReportBacklog', backlogSchema, 'report_backlog');
    this.seen = connection.model<SeenEvent>('ReportEventSeen', seenSchema, 'report_events_seen');
    this.tickets = connection.model<TicketFactsDoc>('ReportTicket', ticketSchema, 'report_tickets');
  }

  /** True the first time an event id is claimed; a unique insert, so two instances never both apply one event. */
  async claim(workspaceId: string, eventId: string): Promise<boolean> {
    try {
      await this.seen.create({ _id: eventId, workspaceId, at: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * Claims many event ids at once (one insert, unordered): answers the ids
   * claimed now; the others were projected before.
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
      const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
      const failures = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
        code?: number;
        index: number;
      }[];
      if (failures.length === 0 || failures.some((f) => f.code !== 11000)) throw error;
      for (const failure of failures) claimed.delete(events[failure.index].id);
    }
    return claimed;
  }

  async ticket(workspaceId: string, ticketId: string): Promise<TicketFacts | null> {
    const doc = await this.tickets.findOne({ _id: deterministicId(workspaceId, ticketId) }).lean<TicketFactsDoc>();
    if (!doc) return null;
    const { _id, ...facts } = doc;
    void _id;
    return facts;
  }

  async saveTicket(facts: TicketFacts): Promise<void> {
    const _id = deterministicId(facts.workspaceId, facts.ticketId);
    await this.tickets.replaceOne({ _id }, { _id, ...facts }, { upsert: true });
  }

  async apply(workspaceId: string, deltas: CounterDelta[]): Promise<void> {
    await Promise.all(
      deltas.flatMap((delta) => delta.dimensions.map((dimension) => this.applyOne(workspaceId, delta, dimension))),
    );
  }

  applyOne(workspaceId: string, delta: CounterDelta, dimension: Dimension): Promise<unknown> {
    const bucket = delta.bucket;
    const model: Model<DailyCounters> | Model<BacklogCounter> = bucket ? this.daily : this.backlog;
    const _id = bucket
      ? deterministicId(workspaceId, bucket.day, dimension.kind, dimension.value)
      : deterministicId(workspaceId, 'backlog', dimension.kind, dimension.value);
    const identity = bucket
      ? { workspaceId, month: bucket.month, day: bucket.day, kind: dimension.kind, value: dimension.value }
      : { workspaceId, kind: dimension.kind, value: dimension.value };
    const update: Record<string, unknown> = { $setOnInsert: identity };
    if (Object.keys(delta.inc).length) update.$inc = delta.inc;
    if (delta.max && Object.keys(delta.max).length) update.$max = delta.max;
    const write = async () => {
      const upsert = () => (model as Model<DailyCounters>).updateOne({ _id }, update, { upsert: true });
      try {
        await upsert();
      } catch (error) {
        // Another writer inserted the document first: now it exists, so the update applies.
        if (!isDuplicateKeyError(error)) throw error;
        await upsert();
      }
    };
    const previous = this.writing.get(_id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.writing.set(_id, next);
    void next
      .finally(() => {
        if (this.writing.get(_id) === next) this.writing.delete(_id);
      })
      .catch(() => undefined);
    return next;
  }

  /** The day documents of the given months for one dimension kind (and value); the caller keeps the period's days. */
  async days(workspaceId: string, months: string[], kind: DimensionKind, value?: string): Promise<DailyCounters[]> {
    const perMonth = await Promise.all(
      months.map((month) =>
        this.daily.find({ workspaceId, month, kind, ...(value !== undefined ? { value } : {}) }).lean<DailyCounters[]>(),
      ),
    );
    return perMonth.flat();
  }

  backlogOf(workspaceId: string, kind: DimensionKind, value?: string): Promise<BacklogCounter[]> {
    return this.backlog.find({ workspaceId, kind, ...(value !== undefined ? { value } : {}) }).lean<BacklogCounter[]>();
  }
}
