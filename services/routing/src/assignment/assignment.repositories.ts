import { Schema, type Connection, type Model } from 'mongoose';
import type { RoutingQueueBody } from '@threadline/contracts';
import { findInWorkspace } from '@threadline/persistence';
import type { PhoneStateRepository } from './phone-state.repository';

/** A queue's members and mode; `_id` = workspace:queue. */
interface QueueDoc extends RoutingQueueBody {
  _id: string;
  workspaceId: string;
  queue: string;
  /** The member the queue last gave a ticket to (round-robin). */
  lastAssigned: string | null;
  updatedAt: Date;
}

/** An agent's presence as routing knows it; `_id` = workspace:agent. */
interface PresenceDoc {
  _id: string;
  workspaceId: string;
  agentId: string;
  /** The agent's own switch; null: not set, chat presence decides. */
  manual: 'available' | 'away' | null;
  /** Available for chat until then (chat.presence.v1); null: not available for chat. */
  chatUntil: Date | null;
}

const queueSchema = new Schema<QueueDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    queue: { type: String, required: true },
    members: { type: [String], required: true },
    mode: { type: String, required: true },
    autoAssign: { type: Boolean, default: false },
    businessHoursOnly: { type: Boolean, default: false },
    lastAssigned: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
const presenceSchema = new Schema<PresenceDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    agentId: { type: String, required: true },
    manual: { type: String, default: null },
    chatUntil: { type: Date, default: null },
  },
  { versionKey: false },
);

export type RoutingQueue = Pick<QueueDoc, 'queue' | 'members' | 'mode' | 'autoAssign' | 'businessHoursOnly' | 'lastAssigned'>;

const queueOf = (d: QueueDoc): RoutingQueue => ({
  queue: d.queue,
  members: d.members,
  mode: d.mode,
  autoAssign: d.autoAssign ?? false,
  businessHoursOnly: d.businessHoursOnly ?? false,
  lastAssigned: d.lastAssigned,
});

const key = (workspaceId: string, name: string) => `${workspaceId}:${name}`;

/** Queues with their members: few documents per workspace, each read and written by `_id`. */
export class RoutingQueueRepository {
  private readonly queues: Model<QueueDoc>;

  constructor(connection: Connection) {
    this.queues = connection.model<QueueDoc>('RoutingQueue', queueSchema, 'routing_queues');
  }

  async find(workspaceId: string, queue: string): Promise<RoutingQueue | null> {
    const doc = await findInWorkspace(this.queues, workspaceId, key(workspaceId, queue));
    return doc ? queueOf(doc) : null;
  }

  async list(workspaceId: string): Promise<RoutingQueue[]> {
    const docs = await this.queues.find({ workspaceId }).lean<QueueDoc[]>();
    return docs.map(queueOf);
  }

  async put(workspaceId: string, queue: string, body: RoutingQueueBody): Promise<RoutingQueue> {
    await this.queues.updateOne(
      { _id: key(workspaceId, queue) },
      { $set: { workspaceId, queue, ...body, updatedAt: new Date() }, $setOnInsert: { lastAssigned: null } },
      { upsert: true },
    );
    return (await this.find(workspaceId, queue)) as RoutingQueue;
  }

  async remove(workspaceId: string, queue: string): Promise<boolean> {
    if (!(await this.find(workspaceId, queue))) return false;
    await this.queues.deleteOne({ _id: key(workspaceId, queue) });
    return true;
  }

  async rememberAssigned(workspaceId: string, queue: string, agentId: string): Promise<void> {
    await this.queues.updateOne({ _id: key(workspaceId, queue) }, { $set: { lastAssigned: agentId } });
  }
}

/**
 * Who is present: the agent's own switch, else their chat presence (chat.presence.v1) or phone presence
 * (voice.presence.v1, `PhoneStateRepository`).
 */
export class PresenceRepository {
  private readonly presence: Model<PresenceDoc>;

  constructor(
    connection: Connection,
    private readonly phones: PhoneStateRepository,
  ) {
    this.presence = connection.model<PresenceDoc>('RoutingPresence', presenceSchema, 'routing_presence');
  }

  async setManual(workspaceId: string, agentId: string, status: 'available' | 'away'): Promise<void> {
    await this.upsert(workspaceId, agentId, { manual: status });
  }

  async setChat(workspaceId: string, agentId: string, until: Date | null): Promise<void> {
    await this.upsert(workspaceId, agentId, { chatUntil: until });
  }

  /** The agent's own switch; null when never set. */
  async switchOf(workspaceId: string, agentId: string): Promise<'available' | 'away' | null> {
    return (await findInWorkspace(this.presence, workspaceId, key(workspaceId, agentId)))?.manual ?? null;
  }

  /** Present: switched available, or not switched away and available for chat now or for calls. */
  async isPresent(workspaceId: string, agentId: string, now: Date): Promise<boolean> {
    const doc = await findInWorkspace(this.presence, workspaceId, key(workspaceId, agentId));
    if (doc?.manual) return doc.manual === 'available';
    if (doc?.chatUntil && doc.chatUntil > now) return true;
    return (await this.phones.get(workspaceId, agentId))?.status === 'available';
  }

  private async upsert(workspaceId: string, agentId: string, set: Partial<PresenceDoc>): Promise<void> {
    await this.presence.updateOne(
      { _id: key(workspaceId, agentId) },
      { $set: { workspaceId, agentId, ...set } },
      { upsert: true },
    );
  }
}
