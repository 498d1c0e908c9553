import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';

interface SeenCallbackDoc {
  /** MessageSid + MessageStatus: Twilio repeats a callback, it never reuses the pair. */
  _id: string;
  at: Date;
}

const seenSchema = new Schema<SeenCallbackDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

/** Status callbacks already passed on, so an exact duplicate is skipped. */
export class StatusCallbackRepository {
  private readonly seen: Model<SeenCallbackDoc>;

  /** Calls keep their own set (`voice_call_callbacks`): CallSid + CallStatus. */
  constructor(connection: Connection, model = 'SmsStatusCallback', collection = 'sms_status_callbacks') {
    this.seen = connection.model<SeenCallbackDoc>(model, seenSchema, collection);
  }

  async wasSeen(sid: string, status: string): Promise<boolean> {
    return (await this.seen.findOne({ _id: `${sid}:${status}` }).lean()) !== null;
  }

  async markSeen(sid: string, status: string): Promise<void> {
    try {
      await this.seen.create({ _id: `${sid}:${status}`, at: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
