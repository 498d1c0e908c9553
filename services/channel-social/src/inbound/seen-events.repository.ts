import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';

interface SeenDoc {
  /** The provider's id of what was handled (a Messenger mid, a Slack event_id). */
  _id: string;
  at: Date;
}

const seenSchema = new Schema<SeenDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

/**
 * Provider events already published, so a redelivery is answered without
 * publishing again. Marked only after Kafka acknowledged the publish: a retry
 * whose first delivery never got through is published, not dropped.
 */
export class SeenEventsRepository {
  private readonly seen: Model<SeenDoc>;

  constructor(connection: Connection, collection: string) {
    const model = collection.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());
    this.seen = connection.model<SeenDoc>(model, seenSchema, collection);
  }

  async wasSeen(id: string): Promise<boolean> {
    return (await this.seen.findOne({ _id: id }).lean()) !== null;
  }

  /** Unique insert; a concurrent duplicate that also published finds the mark and is fine (same event id). */
  async markSeen(id: string): Promise<void> {
    try {
      await this.seen.create({ _id: id, at: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
