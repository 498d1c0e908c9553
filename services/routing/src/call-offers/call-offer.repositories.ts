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

/** An agent's phone presence (voice.presence.v1, keyed by agent: one writer); `_id` = workspace:agent. */
export interface PhoneState {
  status: 'available' | 'away';
  onCall: boolean;
  /** Free for a call (available, on none) since then; null while not free. */
  freeSince: Date | null;
}
interface PhoneStateDoc extends PhoneState {
  _id: string;
  workspaceId: string;
  agentId: string;
  at: Date;
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
const phoneSchema = new Schema<PhoneStateDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    agentId: { type: String, required: true },
    status: { type: String, required: true },
    onCall: { type: Boolean, required: true },
    freeSince: { type: Date, default: null },
    at: { type: Date, required: true },
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

export class PhoneStateRepository {
  private readonly states: Model<PhoneStateDoc>;

  constructor(connection: Connection) {
    this.states = connection.model<PhoneStateDoc>('RoutingPhoneState', phoneSchema, 'routing_phone_presence');
  }

  async get(workspaceId: string, agentId: string): Promise<(PhoneState & { at: Date }) | null> {
    return findInWorkspace(this.states, workspaceId, key(workspaceId, agentId));
  }

  async put(workspaceId: string, agentId: string, state: PhoneState, at: Date): Promise<void> {
    await this.states.replaceOne(
      { _id: key(workspaceId, agentId) },
      { workspaceId, agentId, ...state, at },
      { upsert: true },
    );
  }
}
