import { Schema, type Connection, type Model } from 'mongoose';
import type { TypedEnvelope } from '@threadline/contracts';

interface PresenceDoc {
  /** `<workspaceId>:<agentId>`: one document per agent, so the collection stays small. */
  _id: string;
  workspaceId: string;
  agentId: string;
  status: 'available' | 'away';
  /** Available only until then: a screen renews it, a closed browser lets it lapse. */
  expiresAt: Date | null;
  at: Date;
}

const presenceSchema = new Schema<PresenceDoc>(
  {
    _id: String,
    workspaceId: { type: String, required: true, index: true },
    agentId: { type: String, required: true },
    status: { type: String, required: true },
    expiresAt: { type: Date, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

/** How long an instance trusts its last answer: a visitor's hello and every message ask. */
const CACHE_MS = 2000;

/**
 * Whether a workspace has an agent answering chats: the agents' chat presence
 * (from `chat.presence.v1`, written by the durable group), read from the store
 * so every instance answers the same, or the CHAT_AGENTS_ONLINE override.
 */
export class ChatPresence {
  private readonly presence: Model<PresenceDoc>;
  private readonly cache = new Map<string, { online: boolean; until: number }>();

  constructor(
    connection: Connection,
    /** CHAT_AGENTS_ONLINE: true or false for every workspace; null lets presence decide. */
    private readonly override: boolean | null,
  ) {
    this.presence = connection.model<PresenceDoc>('ChatAgentPresence', presenceSchema, 'chat_agent_presence');
  }

  async online(workspaceId: string, now = new Date()): Promise<boolean> {
    if (this.override !== null) return this.override;
    const cached = this.cache.get(workspaceId);
    if (cached && cached.until > now.getTime()) return cached.online;
    const available = await this.presence
      .findOne({ workspaceId, status: 'available', expiresAt: { $gt: now } })
      .lean<PresenceDoc>();
    this.cache.set(workspaceId, { online: available !== null, until: now.getTime() + CACHE_MS });
    return available !== null;
  }

  /** One agent's news; events of one agent come in order (keyed by agent), so the latest wins. */
  async apply(event: TypedEnvelope<'chat.presence.v1'>): Promise<void> {
    const { agentId, status, expiresAt, at } = event.payload;
    const doc: Omit<PresenceDoc, '_id'> = {
      workspaceId: event.workspaceId,
      agentId,
      status,
      expiresAt: expiresAt ? new Date(expiresAt) : null,
      at: new Date(at),
    };
    await this.presence.updateOne({ _id: `${event.workspaceId}:${agentId}` }, { $set: doc }, { upsert: true });
    this.cache.delete(event.workspaceId);
  }
}
