import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId, isDuplicateKeyError } from '@threadline/persistence';

export type PresenceStatus = 'available' | 'away';

export interface PresenceDoc {
  _id: string;
  workspaceId: string;
  agentId: string;
  status: PresenceStatus;
  /** Where a taken call rings: E.164, or null for the agent's Twilio Client (identity = agent id). */
  phone: string | null;
  /** The caller the agent is connected to; on a call whatever the status says. */
  onCall: string | null;
  updatedAt: Date;
}

const presenceSchema = new Schema<PresenceDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    agentId: { type: String, required: true },
    status: { type: String, required: true },
    phone: { type: String, default: null },
    onCall: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
presenceSchema.index({ workspaceId: 1 });

/** Agents' phone presence, in the store so every instance counts the same agents. */
export class AgentPresenceRepository {
  private readonly presence: Model<PresenceDoc>;

  constructor(connection: Connection) {
    this.presence = connection.model<PresenceDoc>('AgentPresence', presenceSchema, 'voice_agent_presence');
  }

  private idOf(workspaceId: string, agentId: string) {
    return deterministicId(workspaceId, agentId);
  }

  get(workspaceId: string, agentId: string): Promise<PresenceDoc | null> {
    return this.presence.findOne({ _id: this.idOf(workspaceId, agentId) }).lean<PresenceDoc>();
  }

  async set(
    workspaceId: string,
    agentId: string,
    change: Partial<Pick<PresenceDoc, 'status' | 'phone' | 'onCall'>>,
  ): Promise<PresenceDoc> {
    const upsert = () =>
      this.presence.updateOne(
        { _id: this.idOf(workspaceId, agentId) },
        {
          $set: { ...change, updatedAt: new Date() },
          $setOnInsert: {
            workspaceId,
            agentId,
            ...('status' in change ? {} : { status: 'available' }),
            ...('phone' in change ? {} : { phone: null }),
            ...('onCall' in change ? {} : { onCall: null }),
          },
        },
        { upsert: true },
      );
    try {
      await upsert();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await upsert();
    }
    return (await this.get(workspaceId, agentId))!;
  }

  list(workspaceId: string): Promise<PresenceDoc[]> {
    return this.presence.find({ workspaceId }).lean<PresenceDoc[]>();
  }
}
