import { Schema, type Connection, type Model, type SchemaDefinition, type UpdateQuery } from 'mongoose';

/**
 * Durable timers found by point lookups: each timer sits in a bucket —
 * partition and minute as one string, an equality FerretDB evaluates in the
 * store (no range scans) — and a poller per instance reads, for the
 * partitions it holds, the buckets from its stored cursor up to now.
 */
export interface DueTimerDoc {
  /** One per firing, chosen by the owner: moving a timer is an upsert. */
  _id: string;
  workspaceId: string;
  dueAt: Date;
  bucket: string;
}

/** Where a service reads "now": the system clock, or one a test moves by hand. */
export interface TimeSource {
  now(): Date;
}
export const systemTime: TimeSource = { now: () => new Date() };

const MINUTE_MS = 60_000;
export const minuteOf = (at: Date) => Math.floor(at.getTime() / MINUTE_MS);
export const bucketOf = (partition: number, minute: number) => `${partition}:${minute}`;
/** The bucket of a timer due at `dueAt` for a key on `partition`. */
export const dueBucket = (partition: number, dueAt: Date) => bucketOf(partition, minuteOf(dueAt));

interface TimerCursorDoc {
  /** The partition number. */
  _id: number;
  /** The first minute not yet fully scanned. */
  minute: number;
}

const timerCursorSchema = new Schema<TimerCursorDoc>({ _id: Number, minute: Number }, { versionKey: false });

/** A collection of due timers and its per-partition cursors (`<collection>_cursors`). */
export class DueTimerStore<T extends DueTimerDoc> {
  private readonly timers: Model<T>;
  private readonly cursors: Model<TimerCursorDoc>;

  /** `fields`: the owner's own fields beside `_id`, `workspaceId`, `dueAt` and `bucket`. */
  constructor(
    connection: Connection,
    modelName: string,
    collection: string,
    fields: SchemaDefinition,
    cursorCollection = `${collection}_cursors`,
  ) {
    const schema = new Schema(
      {
        _id: { type: String, required: true },
        workspaceId: { type: String, required: true },
        dueAt: { type: Date, required: true },
        bucket: { type: String, required: true, index: true },
        ...fields,
      },
      { versionKey: false },
    );
    this.timers = connection.model<T>(modelName, schema as unknown as Schema<T>, collection);
    this.cursors = connection.model<TimerCursorDoc>(`${modelName}Cursor`, timerCursorSchema, cursorCollection);
  }

  async put(timers: T[]): Promise<void> {
    await Promise.all(
      timers.map(({ _id, ...fields }) =>
        this.timers.updateOne({ _id }, { $set: fields as UpdateQuery<T>['$set'] }, { upsert: true }),
      ),
    );
  }

  /** New timers in one bulk write (seeding a store for a load test). */
  async insertMany(timers: T[]): Promise<void> {
    await this.timers.insertMany(timers, { ordered: false, lean: true });
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await Promise.all(ids.map((_id) => this.timers.deleteOne({ _id })));
  }

  inBucket(partition: number, minute: number): Promise<T[]> {
    return this.timers.find({ bucket: bucketOf(partition, minute) }).lean<T[]>();
  }

  async cursor(partition: number): Promise<number | null> {
    return (await this.cursors.findOne({ _id: partition }).lean<TimerCursorDoc>())?.minute ?? null;
  }

  async setCursor(partition: number, minute: number): Promise<void> {
    await this.cursors.updateOne({ _id: partition }, { $set: { minute } }, { upsert: true });
  }
}

/** What firing a due timer came to: `not yet` and `raced` leave it for the next poll. */
export type DueTimerOutcome = 'fired' | 'stale' | 'raced' | 'not yet';

export interface DueTimerPollerOptions {
  pollMs: number;
  lookbackMinutes: number;
}

interface PollerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** A minute is left behind only this long after it ended: a timer written late into it is still found. */
const MINUTE_GRACE_MS = 5_000;

/**
 * Fires the due timers of the partitions this instance holds (those of the
 * topic whose keys own the timers), so each key's timers have one owner at a
 * time, handed over with the partition on a rebalance. Per partition it
 * reads the minute buckets from its stored cursor up to now, fires what is
 * due, and moves the cursor past a minute once everything in it has fired.
 */
export class DueTimerPoller<T extends DueTimerDoc> {
  private owned = new Set<number>();
  private readonly cursors = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  firedCount = 0;
  /** Whole rounds over the owned partitions so far (tests wait on it instead of sleeping). */
  rounds = 0;

  constructor(
    private readonly store: Pick<DueTimerStore<T>, 'inBucket' | 'cursor' | 'setCursor'>,
    private readonly fire: (timer: T, now: Date) => Promise<DueTimerOutcome>,
    private readonly time: TimeSource,
    private readonly options: DueTimerPollerOptions,
    private readonly logger: PollerLogger,
  ) {}

  get partitions(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  /** The partitions this instance now holds (none during a rebalance). */
  assign(partitions: number[]): void {
    this.owned = new Set(partitions);
    for (const p of [...this.cursors.keys()]) if (!this.owned.has(p)) this.cursors.delete(p);
    this.logger.info({ partitions }, 'timer partitions assigned');
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((error) => this.logger.warn({ err: error }, 'timer poll failed; next poll retries'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(loop, this.options.pollMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  async tick(): Promise<void> {
    await Promise.all([...this.owned].map((p) => this.scan(p)));
    this.rounds++;
  }

  private async scan(partition: number): Promise<void> {
    const now = this.time.now();
    const nowMinute = minuteOf(now);
    let cursor = this.cursors.get(partition) ?? (await this.store.cursor(partition)) ?? nowMinute - this.options.lookbackMinutes;
    let advancing = true;
    for (let minute = cursor; minute <= nowMinute; minute++) {
      if (!this.owned.has(partition)) return;
      let pending = false;
      for (const timer of await this.store.inBucket(partition, minute)) {
        const outcome = timer.dueAt > now ? 'not yet' : await this.fire(timer, now);
        if (outcome === 'fired') this.firedCount++;
        if (outcome === 'not yet' || outcome === 'raced') pending = true;
      }
      // The cursor passes a minute once it is over (with grace) and nothing in it is left to fire.
      advancing &&= !pending && (minute + 1) * MINUTE_MS + MINUTE_GRACE_MS <= now.getTime();
      if (advancing) cursor = minute + 1;
    }
    if (cursor !== this.cursors.get(partition)) await this.store.setCursor(partition, cursor);
    this.cursors.set(partition, cursor);
  }
}
