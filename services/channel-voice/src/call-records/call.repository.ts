import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';
import type { VoicemailReason } from '../ivr/ivr-decision';

export type QueueState = 'none' | 'waiting' | 'taken' | 'left';

/** A voicemail recording: Twilio keeps the audio; we keep its reference. */
export interface CallRecording {
  sid: string;
  url: string;
  durationSeconds: number;
}

export interface CallDoc {
  /** Twilio's CallSid. */
  _id: string;
  workspaceId: string;
  /** The caller as E.164, or null when the number is withheld or no phone number. */
  from: string | null;
  /** Our number the customer called. */
  to: string;
  startedAt: Date;
  /** The furthest Twilio CallStatus applied (callbacks only move it forward). */
  status: string;
  queue: string | null;
  enqueuedAt: Date | null;
  /** Each (re-)entry into a queue; a take is claimed per entry. */
  enqueueCount: number;
  queueState: QueueState;
  /** Twilio's QueueTime, the latest it told us (or what we measured when an agent took the call). */
  waitSeconds: number | null;
  takenBy: string | null;
  takenAt: Date | null;
  answered: boolean;
  talkSeconds: number | null;
  messagePlayed: boolean;
  voicemail: { reason: VoicemailReason; holiday: string | null } | null;
  recording: CallRecording | null;
  /** After the maximum wait the caller chose to be called back. */
  callbackRequested: boolean;
  /** Twilio said no recording will come (RecordingStatus absent or failed). */
  recordingSettled: boolean;
  ended: boolean;
  endedAt: Date | null;
  durationSeconds: number | null;
  contactPublished: boolean;
  updatedAt: Date;
}

const callSchema = new Schema<CallDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    startedAt: { type: Date, required: true },
    status: { type: String, required: true },
    queue: { type: String, default: null },
    enqueuedAt: { type: Date, default: null },
    enqueueCount: { type: Number, default: 0 },
    queueState: { type: String, default: 'none' },
    waitSeconds: { type: Number, default: null },
    takenBy: { type: String, default: null },
    takenAt: { type: Date, default: null },
    answered: { type: Boolean, default: false },
    talkSeconds: { type: Number, default: null },
    messagePlayed: { type: Boolean, default: false },
    voicemail: { type: Schema.Types.Mixed, default: null },
    recording: { type: Schema.Types.Mixed, default: null },
    callbackRequested: { type: Boolean, default: false },
    recordingSettled: { type: Boolean, default: false },
    ended: { type: Boolean, default: false },
    endedAt: { type: Date, default: null },
    durationSeconds: { type: Number, default: null },
    contactPublished: { type: Boolean, default: false },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// The live queue view and "next caller" read the waiting calls of one workspace.
callSchema.index({ workspaceId: 1, queueState: 1 });

interface TakeDoc {
  /** CallSid + queue entry: the unique insert that lets exactly one agent take a waiting caller. */
  _id: string;
  agentId: string;
  at: Date;
}
const takeSchema = new Schema<TakeDoc>(
  { _id: { type: String, required: true }, agentId: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

export type NewCall = Pick<CallDoc, '_id' | 'workspaceId' | 'from' | 'to' | 'status'>;
export type CallChange = Partial<Omit<CallDoc, '_id' | 'workspaceId' | 'updatedAt'>>;

/** Every field written on insert: lean reads apply no schema defaults, so nothing may be missing later. */
export function freshCall(call: NewCall, at: Date): CallDoc {
  return {
    ...call,
    startedAt: at,
    queue: null,
    enqueuedAt: null,
    enqueueCount: 0,
    queueState: 'none',
    waitSeconds: null,
    takenBy: null,
    takenAt: null,
    answered: false,
    talkSeconds: null,
    messagePlayed: false,
    voicemail: null,
    recording: null,
    callbackRequested: false,
    recordingSettled: false,
    ended: false,
    endedAt: null,
    durationSeconds: null,
    contactPublished: false,
    updatedAt: at,
  };
}

/**
 * Every call's state in the store, by CallSid: any channel-voice instance can
 * answer any of Twilio's webhooks for it, and the live queue view is the same
 * from every instance.
 */
export class CallRepository {
  private readonly calls: Model<CallDoc>;
  private readonly takes: Model<TakeDoc>;

  /** Calls that became their contact: kept for late callbacks, out of the working set. */
  private readonly finished: Model<CallDoc>;

  constructor(connection: Connection) {
    this.calls = connection.model<CallDoc>('VoiceCall', callSchema, 'voice_calls');
    this.finished = connection.model<CallDoc>('VoiceCallFinished', callSchema, 'voice_calls_finished');
    this.takes = connection.model<TakeDoc>('VoiceCallTake', takeSchema, 'voice_call_takes');
  }

  /** Records a new call; Twilio retrying the incoming webhook finds it there and changes nothing. */
  async open(call: NewCall, at = new Date()): Promise<void> {
    const { _id, ...fields } = freshCall(call, at);
    const upsert = () => this.calls.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
    try {
      await upsert();
    } catch (error) {
      // Two deliveries at once: one upsert loses the insert race; the call exists now.
      if (!isDuplicateKeyError(error)) throw error;
      await upsert();
    }
  }

  /** The call, live or finished (a late or repeated callback of a finished call still finds it). */
  async get(callSid: string): Promise<CallDoc | null> {
    return (
      (await this.calls.findOne({ _id: callSid }).lean<CallDoc>()) ??
      (await this.finished.findOne({ _id: callSid }).lean<CallDoc>())
    );
  }

  /**
   * A call that became its contact leaves the working set: `voice_calls`
   * then holds only calls in progress. On FerretDB every update by _id costs
   * a scan of its collection, and each of Twilio's webhooks updates the call,
   * so a collection of every call ever made would slow every webhook down.
   * Copy first, then delete: a crash in between leaves it in both, harmless.
   */
  async finish(callSid: string): Promise<void> {
    const call = await this.calls.findOne({ _id: callSid }).lean<CallDoc>();
    if (!call) return;
    try {
      await this.finished.create({ ...call, contactPublished: true, updatedAt: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await this.calls.deleteOne({ _id: callSid });
  }

  /** Applies a change and answers the call as stored afterwards (read back, so concurrent changes are seen). */
  async change(callSid: string, change: CallChange): Promise<CallDoc | null> {
    await this.calls.updateOne({ _id: callSid }, { $set: { ...change, updatedAt: new Date() } });
    return this.get(callSid);
  }

  /** The call joins a queue (again, after an agent did not answer). */
  async enqueue(call: CallDoc, queue: string, at = new Date()): Promise<void> {
    await this.calls.updateOne(
      { _id: call._id },
      {
        $set: {
          queue,
          enqueuedAt: call.queue === queue && call.enqueuedAt ? call.enqueuedAt : at,
          queueState: 'waiting',
          updatedAt: at,
        },
        $inc: { enqueueCount: 1 },
      },
    );
  }

  /** Calls of the workspace waiting in a queue now, longest waiting first. */
  async waiting(workspaceId: string): Promise<CallDoc[]> {
    const docs = await this.calls.find({ workspaceId, queueState: 'waiting' }).lean<CallDoc[]>();
    // A call whose end Twilio already reported is nobody to wait for, whatever a late callback wrote.
    return docs.filter((doc) => !doc.ended).sort((a, b) => (a.enqueuedAt?.getTime() ?? 0) - (b.enqueuedAt?.getTime() ?? 0));
  }

  /**
   * Calls that have not become a contact and heard nothing from Twilio since
   * `before`: their end (or their voicemail's recording) may never be
   * reported. A filtered read (a collection scan on FerretDB), made only by
   * the sweeper, once a minute.
   */
  unsettled(before: Date, limit: number): Promise<CallDoc[]> {
    return this.calls
      .find({ contactPublished: false, updatedAt: { $lt: before } })
      .limit(limit)
      .lean<CallDoc[]>();
  }

  /**
   * An erased customer's calls keep their timings and outcome for reports but
   * lose the caller's number and the recording's reference (the audio stays
   * at Twilio; the erasure's answer says so). Repeating it changes nothing.
   */
  async forget(workspaceId: string, callSids: string[], at = new Date()): Promise<void> {
    for (const _id of callSids) {
      for (const calls of [this.calls, this.finished]) {
        await calls.updateOne({ _id, workspaceId }, { $set: { from: null, recording: null, updatedAt: at } });
      }
    }
  }

  /** True for the one agent whose claim on this queue entry of the call was first. */
  async claimTake(call: CallDoc, agentId: string): Promise<boolean> {
    try {
      await this.takes.create({ _id: `${call._id}:${call.enqueueCount}`, agentId, at: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
