import { Schema, type Connection, type Model } from 'mongoose';
import { findInWorkspace } from '@threadline/persistence';

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

const key = (workspaceId: string, agentId: string) => `${workspaceId}:${agentId}`;

/** Phone presence as channel-voice announced it: read by routing's presence and the offers of waiting callers. */
export class PhoneStateRepository {
  private readonly states: Model<PhoneStateDoc>;

  constructor(connection: Connection) {
    this.states = connection.model<PhoneStateDoc>('RoutingPhoneState', phoneSchema, 'routing_phone_presence');
  }

  async get(workspaceId: string, agentId: string): Promise<(PhoneState & { at: Date }) | null> {
    return findInWorkspace(this.states, workspaceId, key(workspaceId, agentId));
  }

  async put(workspaceId: string, agentId: string, state: PhoneState, at: Date): Promise<void> {
    await this.states.replaceOne({ _id: key(workspaceId, agentId) }, { workspaceId, agentId, ...state, at }, { upsert: true });
  }
}
