import { Schema, type Connection, type Model } from 'mongoose';
import { insertManyOnce } from '@threadline/persistence';
import type { NoticeKind } from './notices-of-event';

export interface AgentNoticeDoc {
  /** `<event id>:<agent id>`: a redelivered event adds no second notice. */
  _id: string;
  workspaceId: string;
  agentId: string;
  /** `<workspace>:<agent>`, the one field an agent's list is read by (a plain equality, as FerretDB plans best). */
  owner: string;
  kind: NoticeKind;
  number: number;
  at: Date;
  readAt: Date | null;
}

const agentNoticeSchema = new Schema<AgentNoticeDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    agentId: { type: String, required: true },
    owner: { type: String, required: true, index: true },
    kind: { type: String, required: true },
    number: { type: Number, required: true },
    at: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { versionKey: false },
);

const ownerOf = (workspaceId: string, agentId: string) => `${workspaceId}:${agentId}`;

/**
 * Each agent's notices (assigned, mentioned), kept so one that came while the
 * console was closed shows later. A notice is written once by the consumer and
 * then only by its agent (the read mark): never two writers of one document.
 */
export class AgentNoticeRepository {
  private readonly notices: Model<AgentNoticeDoc>;

  constructor(connection: Connection) {
    this.notices = connection.model<AgentNoticeDoc>('AgentNotice', agentNoticeSchema, 'agent_notices');
  }

  /** Adds the notices of one event; answers whether any was new (false: the event was seen before). */
  async addOnce(
    eventId: string,
    workspaceId: string,
    notices: { agentId: string; kind: NoticeKind; number: number; at: Date }[],
  ): Promise<boolean> {
    const docs = notices.map((n) => ({
      _id: `${eventId}:${n.agentId}`,
      workspaceId,
      owner: ownerOf(workspaceId, n.agentId),
      readAt: null,
      ...n,
    }));
    const refused = await insertManyOnce(this.notices, docs);
    return refused.size < docs.length;
  }

  /** The agent's newest notices, and how many of all theirs are unread. */
  async listOf(workspaceId: string, agentId: string, limit: number): Promise<{ items: AgentNoticeDoc[]; unread: number }> {
    const owner = ownerOf(workspaceId, agentId);
    const [items, unread] = await Promise.all([
      this.notices.find({ owner }).sort({ at: -1, _id: -1 }).limit(limit).lean<AgentNoticeDoc[]>(),
      this.notices.countDocuments({ owner, readAt: null }),
    ]);
    return { items, unread };
  }

  /** Marks the agent's own notices read; another agent's id or an unknown one is skipped. */
  async markRead(workspaceId: string, agentId: string, ids: string[], at: Date): Promise<void> {
    for (const id of new Set(ids)) {
      const notice = await this.notices.findOne({ _id: id }).lean<AgentNoticeDoc>();
      if (!notice || notice.owner !== ownerOf(workspaceId, agentId) || notice.readAt !== null) continue;
      await this.notices.updateOne({ _id: id }, { $set: { readAt: at } });
    }
  }
}
