import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { isDuplicateKeyError } from './errors';
import { findInWorkspace } from './workspace-scope';

export interface AuditActor {
  kind: 'agent' | 'customer' | 'system';
  id: string | null;
}

/**
 * One agent (or system) action: who, what, when, before → after. Append-only:
 * this module offers no update or delete. Each service keeps the entries of
 * the actions it applies, in its own database; the gateway shows them together.
 */
export interface AuditEntryDoc {
  _id: string;
  workspaceId: string;
  at: Date;
  actor: AuditActor;
  /** What was done, e.g. "ticket.update", "ticket.merge", "agent.create". */
  action: string;
  entity: { type: string; id: string; label: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The request that caused it (Idempotency-Key), to recognise a retried command. */
  commandId: string | null;
}

const auditEntrySchema = new Schema<AuditEntryDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { _id: false, kind: { type: String, required: true }, id: { type: String, default: null } },
    action: { type: String, required: true },
    entity: {
      _id: false,
      type: { type: String, required: true },
      id: { type: String, required: true },
      label: { type: String, default: null },
    },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    commandId: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
auditEntrySchema.index({ workspaceId: 1, at: -1 });

/**
 * An action to record: who did what to which entity. What most entries leave
 * out is filled in — a fresh id, now, no before or after, no command.
 */
export interface AuditAction {
  workspaceId: string;
  actor: AuditActor;
  action: string;
  entity: AuditEntryDoc['entity'];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  at?: Date;
  /** Names the entry when the action has a name of its own: recording it again is then refused (false). */
  id?: string;
  commandId?: string | null;
}

/** An agent as an entry's actor. */
export const agentActor = (agentId: string): AuditActor => ({ kind: 'agent', id: agentId });

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** Cursor: entries strictly older than this. */
  before?: Date;
  limit: number;
}

export class AuditLog {
  private readonly entries: Model<AuditEntryDoc>;

  constructor(connection: Connection) {
    this.entries = connection.models.AuditEntry ?? connection.model<AuditEntryDoc>('AuditEntry', auditEntrySchema, 'audit_log');
  }

  /**
   * Appends an entry; false when an entry with this id exists. Callers that
   * derive the id from what they do (e.g. a ticket's next version) use that
   * refusal as a claim: only one writer gets a given id.
   */
  async appendOnce(entry: AuditEntryDoc): Promise<boolean> {
    try {
      await this.entries.create(entry);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Records an action (see `AuditAction`); false when its `id` was recorded before. */
  record({ id, at, before, after, commandId, ...entry }: AuditAction): Promise<boolean> {
    return this.appendOnce({
      ...entry,
      _id: id ?? randomUUID(),
      at: at ?? new Date(),
      before: before ?? null,
      after: after ?? null,
      commandId: commandId ?? null,
    });
  }

  find(workspaceId: string, id: string): Promise<AuditEntryDoc | null> {
    return findInWorkspace(this.entries, workspaceId, id);
  }

  query(workspaceId: string, query: AuditQuery): Promise<AuditEntryDoc[]> {
    const filter: Record<string, unknown> = { workspaceId };
    if (query.entityType) filter['entity.type'] = query.entityType;
    if (query.entityId) filter['entity.id'] = query.entityId;
    if (query.actorId) filter['actor.id'] = query.actorId;
    if (query.before) filter.at = { $lt: query.before };
    return this.entries.find(filter).sort({ at: -1, _id: -1 }).limit(query.limit).lean<AuditEntryDoc[]>();
  }
}
