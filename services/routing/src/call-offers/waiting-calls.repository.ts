import { Schema, type Connection, type Model } from 'mongoose';
import { findInWorkspace } from '@threadline/persistence';

/**
 * A caller waiting in a call queue, as routing knows it from call.queued.v1 / call.dequeued.v1; `_id` =
 * workspace:CallSid. Written only from the call's own events (keyed by CallSid: one partition, one writer).
 */
export interface WaitingCall {
  workspaceId: string;
  callSid: string;
  queue: string;
  entry: number;
  enqueuedAt: Date;
  language: string;
  /** Agents this entry was offered to and who declined it or let it expire. */
  tried: string[];
}
interface WaitingCallDoc extends WaitingCall {
  _id: string;
}

const waitingSchema = new Schema<WaitingCallDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    callSid: { type: String, required: true },
    queue: { type: String, required: true },
    entry: { type: Number, required: true },
    enqueuedAt: { type: Date, required: true },
    language: { type: String, required: true },
    tried: { type: [String], default: [] },
  },
  { versionKey: false },
);
const key = (workspaceId: string, id: string) => `${workspaceId}:${id}`;
const waitingOf = ({ _id: _ignored, ...call }: WaitingCallDoc): WaitingCall => call;

export class WaitingCallRepository {
  private readonly calls: Model<WaitingCallDoc>;

  constructor(connection: Connection) {
    this.calls = connection.model<WaitingCallDoc>('RoutingWaitingCall', waitingSchema, 'routing_waiting_calls');
  }

  async get(workspaceId: string, callSid: string): Promise<WaitingCall | null> {
    const doc = await findInWorkspace(this.calls, workspaceId, key(workspaceId, callSid));
    return doc ? waitingOf(doc) : null;
  }

  /** The workspace's waiting callers, longest waiting first (a find by equality on the workspace). */
  async ofWorkspace(workspaceId: string): Promise<WaitingCall[]> {
    const docs = await this.calls.find({ workspaceId }).lean<WaitingCallDoc[]>();
    return docs.map(waitingOf).sort((a, b) => a.enqueuedAt.getTime() - b.enqueuedAt.getTime());
  }

  async put(call: WaitingCall): Promise<void> {
    await this.calls.replaceOne({ _id: key(call.workspaceId, call.callSid) }, call, { upsert: true });
  }

  async remove(workspaceId: string, callSid: string): Promise<void> {
    await this.calls.deleteOne({ _id: key(workspaceId, callSid) });
  }
}
