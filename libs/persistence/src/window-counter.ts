import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';

interface OccurrenceDoc {
  _id: string;
  key: string;
  at: Date;
}

const occurrenceSchema = new Schema<OccurrenceDoc>(
  { _id: { type: String, required: true }, key: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);
occurrenceSchema.index({ key: 1, at: 1 });

/**
 * Counts occurrences of a key within a sliding window, shared by every
 * instance through the store. One insert per occurrence, counted by query:
 * exact without atomic counters (FerretDB's `$inc` is read-then-write).
 * Used for login throttling and per-sender mail limits.
 */
export class WindowCounter {
  private readonly occurrences: Model<OccurrenceDoc>;

  constructor(
    connection: Connection,
    collection: string,
    private readonly windowSeconds: number,
  ) {
    const modelName = `WindowCounter:${collection}`;
    this.occurrences = connection.models[modelName] ?? connection.model<OccurrenceDoc>(modelName, occurrenceSchema, collection);
  }

  async record(keys: string[], at = new Date()): Promise<void> {
    await this.occurrences.insertMany(keys.map((key) => ({ _id: randomUUID(), key, at })));
  }

  /** Seconds until one more occurrence fits under `limit`, or 0 when it fits now. */
  async waitSeconds(key: string, limit: number): Promise<number> {
    const since = new Date(Date.now() - this.windowSeconds * 1000);
    const recent = await this.occurrences
      .find({ key, at: { $gt: since } })
      .sort({ at: -1 })
      .limit(limit)
      .lean<OccurrenceDoc[]>();
    if (recent.length < limit) return 0;
    // The limit-th newest occurrence has to leave the window first.
    const leaves = recent[limit - 1].at.getTime() + this.windowSeconds * 1000;
    return Math.max(1, Math.ceil((leaves - Date.now()) / 1000));
  }

  async clear(key: string): Promise<void> {
    await this.occurrences.deleteMany({ key });
  }
}
