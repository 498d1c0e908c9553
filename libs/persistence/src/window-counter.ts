import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from './errors';

/** Occurrence n of a key: `_id` is `${key}#${n}`, claimed by a unique insert. */
interface OccurrenceDoc {
  _id: string;
  at: Date;
}

/** Where a key's count stands: a hint (writes to it are not atomic), corrected by probing. */
interface HeadDoc {
  _id: string;
  /** The highest occurrence number known when last written. */
  n: number;
  /** Occurrences up to this number were cleared. */
  clearedThrough: number;
}

const occurrenceSchema = new Schema<OccurrenceDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);
const headSchema = new Schema<HeadDoc>(
  { _id: { type: String, required: true }, n: { type: Number, required: true }, clearedThrough: { type: Number, default: 0 } },
  { versionKey: false },
);

/** The most occurrences a key keeps; limits asked of `waitSeconds` must not exceed it. */
export const MAX_KEPT = 1000;

/**
 * Counts occurrences of a key within a sliding window, shared by every
 * instance through the store, using only what FerretDB 1.x does atomically
 * and fast: a unique insert and a lookup by `_id`. Occurrences of a key are
 * numbered 1, 2, 3…; recording one claims the next number by inserting
 * `${key}#${n}` (a duplicate means another instance took it: try n + 1), so
 * counts are exact without transactions. Whether `limit` more fit is one
 * point read: the occurrence `limit` places back from the newest. No query
 * reads the collection, so its size never slows the count (FerretDB answers
 * any other filter by a scan). Used for login throttling.
 */
export class WindowCounter {
  private readonly occurrences: Model<OccurrenceDoc>;
  private readonly heads: Model<HeadDoc>;

  constructor(
    connection: Connection,
    collection: string,
    private readonly windowSeconds: number,
  ) {
    const model = <T>(name: string, schema: Schema<T>, suffix: string) =>
      (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema, `${collection}_${suffix}`);
    this.occurrences = model(`WindowCounter:${collection}:occurrences`, occurrenceSchema, 'occurrences');
    this.heads = model(`WindowCounter:${collection}:heads`, headSchema, 'heads');
  }

  async record(keys: string[], at = new Date()): Promise<void> {
    for (const key of keys) await this.recordOne(key, at);
  }

  /** Seconds until one more occurrence fits under `limit`, or 0 when it fits now. */
  waitSeconds(key: string, limit: number): Promise<number> {
    return this.waitFrom(key, limit);
  }

  /**
   * Claims the next occurrence of `key` and answers whether it fits under
   * `limit`: 0 when it does, else the seconds until it would have. The
   * number is claimed by a unique insert, so N callers at once get N
   * different numbers and at most `limit` of them fit — where checking
   * `waitSeconds` and then recording lets all N through. A refused claim
   * still counts: while someone keeps trying, the key stays closed.
   */
  async claim(key: string, limit: number, at = new Date()): Promise<number> {
    const head = await this.head(key);
    const n = await this.recordOne(key, at, head);
    // Fits when the occurrence `limit` places before ours is cleared, gone, or out of the window.
    return this.waitFrom(key, limit, { n: n - 1, clearedThrough: head.clearedThrough });
  }

  /**
   * Records an occurrence only if it fits under `limit` now; false when it
   * does not. For one caller per key at a time (check and count are two steps).
   */
  async recordIfUnder(key: string, limit: number, at = new Date()): Promise<boolean> {
    const head = await this.head(key);
    if ((await this.waitFrom(key, limit, head)) > 0) return false;
    await this.recordOne(key, at, head);
    return true;
  }

  private async waitFrom(key: string, limit: number, known?: { n: number; clearedThrough: number }): Promise<number> {
    if (limit > MAX_KEPT) throw new Error(`a window keeps at most ${MAX_KEPT} occurrences`);
    const { n, clearedThrough } = known ?? (await this.head(key));
    const oldest = n - limit + 1;
    if (oldest <= clearedThrough) return 0;
    const occurrence = await this.occurrences.findById(`${key}#${oldest}`).lean<OccurrenceDoc>();
    if (!occurrence) return 0;
    // The limit-th newest occurrence has to leave the window first.
    const leaves = new Date(occurrence.at).getTime() + this.windowSeconds * 1000;
    return leaves > Date.now() ? Math.max(1, Math.ceil((leaves - Date.now()) / 1000)) : 0;
  }

  async clear(key: string): Promise<void> {
    const { n } = await this.head(key);
    await this.heads.updateOne({ _id: key }, { $set: { n, clearedThrough: n } }, { upsert: true });
  }

  /** Inserts the key's next occurrence; answers its number. */
  private async recordOne(key: string, at: Date, known?: { n: number; clearedThrough: number }): Promise<number> {
    const { clearedThrough, ...newest } = known ?? (await this.head(key));
    let n = newest.n;
    for (;;) {
      n++;
      try {
        await this.occurrences.create({ _id: `${key}#${n}`, at });
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    await this.heads.updateOne({ _id: key }, { $set: { n, clearedThrough } }, { upsert: true }).catch((error: unknown) => {
      // Two first occurrences upserting at once: the other head is as good a hint.
      if (!isDuplicateKeyError(error)) throw error;
    });
    if (n > MAX_KEPT) await this.occurrences.deleteOne({ _id: `${key}#${n - MAX_KEPT}` });
    return n;
  }

  /** The newest occurrence number: the head's hint, then forward while the next one exists. */
  private async head(key: string): Promise<{ n: number; clearedThrough: number }> {
    const head = await this.heads.findById(key).lean<HeadDoc>();
    let n = head?.n ?? 0;
    while (await this.occurrences.exists({ _id: `${key}#${n + 1}` })) n++;
    return { n, clearedThrough: head?.clearedThrough ?? 0 };
  }
}
