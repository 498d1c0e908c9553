import { deterministicEventId, DomainError, type Actor } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId, type AuditEntryDoc, type AuditLog } from '@threadline/persistence';
import type { TicketRepository } from './ticket.repository';
import { stateOf, type TicketDoc } from './ticket.schema';
import type { FieldChanges } from './timeline-entry.schema';

/** Fields whose change is announced as ticket.updated.v1 and shown on the timeline. */
const STATE_FIELDS = ['status', 'priority', 'queue', 'assigneeId', 'tags', 'category'] as const;
/** A change losing the race this often in a row means something is wrong, not busy. */
const MAX_ATTEMPTS = 20;

/** The command was made on a version of the ticket someone else has changed since (If-Match). */
export class StaleTicketError extends DomainError {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super('conflict', 'STALE_TICKET', 'the ticket was changed by someone else; reload it and try again', {
      expectedVersion,
      currentVersion,
    });
  }
}

export class TicketNotFoundError extends DomainError {
  constructor(what: string) {
    super('not-found', 'TICKET_NOT_FOUND', `no ticket ${what}`);
  }
}

export interface ChangeRequest {
  workspaceId: string;
  ticketId: string;
  actor: Actor;
  /** e.g. "ticket.update", "ticket.reopen", "ticket.reply", "ticket.merge". */
  action: string;
  /** The client's Idempotency-Key: a retried command is recognised and not applied twice. */
  commandId: string | null;
  /** The version the agent saw; a different current version is a stale update (409). */
  expectedVersion?: number;
  at: Date;
  /** The new field values given the current ticket; null or no difference when there is nothing to do. */
  decide: (ticket: TicketDoc) => Partial<TicketDoc> | null;
}

export interface ChangeResult {
  ticket: TicketDoc;
  /** The audit entry that claimed the version; null when nothing changed. */
  claim: AuditEntryDoc | null;
  changes: FieldChanges;
  /** True when this call repeated an already applied command (same commandId). */
  replayed: boolean;
}

/**
 * Applies changes to a ticket one version at a time, without transactions.
 *
 * A change first claims the ticket's next version by appending its audit entry
 * under an id derived from (ticket, version): unique-key inserts are atomic on
 * MongoDB and FerretDB alike, so exactly one change gets each version. The
 * entry holds the new values, so whoever finds a claimed version not yet
 * written to the ticket (its writer crashed, or is just slower) writes it
 * forward before going on. The audit trail is therefore the ticket's change
 * log: who, what, when, before → after, and nothing applied without it.
 */
export class TicketChanges {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly audit: AuditLog,
    private readonly publisher: EventPublisher,
  ) {}

  async apply(request: ChangeRequest): Promise<ChangeResult> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const ticket = await this.tickets.findById(request.workspaceId, request.ticketId);
      if (!ticket) throw new TicketNotFoundError(request.ticketId);
      const latest =
        ticket.version > 1 ? await this.audit.find(request.workspaceId, versionClaimId(ticket, ticket.version)) : null;
      if (request.commandId && latest?.commandId === request.commandId) {
        await this.finish(latest);
        return { ticket, claim: latest, changes: changesOf(latest), replayed: true };
      }
      if (request.expectedVersion !== undefined && ticket.version !== request.expectedVersion) {
        throw new StaleTicketError(request.expectedVersion, ticket.version);
      }
      const set = request.decide(ticket);
      const changed = set ? differences(ticket, set) : null;
      if (!set || !changed) return { ticket, claim: null, changes: {}, replayed: false };

      const claim: AuditEntryDoc = {
        _id: versionClaimId(ticket, ticket.version + 1),
        workspaceId: ticket.workspaceId,
        at: request.at,
        actor: request.actor,
        action: request.action,
        entity: { type: 'ticket', id: ticket._id, label: `#${ticket.number}` },
        before: changed.before,
        after: changed.after,
        commandId: request.commandId,
      };
      if (await this.audit.appendOnce(claim)) {
        await this.finish(claim);
        const updated = { ...ticket, ...set, version: ticket.version + 1 } as TicketDoc;
        return { ticket: updated, claim, changes: changesOf(claim), replayed: false };
      }
      // Someone else claimed this version: make sure it is written, then decide again on the new state.
      const other = await this.audit.find(ticket.workspaceId, claim._id);
      if (other) await this.finish(other);
    }
    throw new Error(`ticket ${request.ticketId}: change kept losing to concurrent changes`);
  }

  /**
   * Everything a claimed change implies, each step idempotent: the ticket
   * write, the timeline entry and the ticket.updated.v1 event.
   */
  async finish(claim: AuditEntryDoc): Promise<void> {
    const version = versionOfClaim(claim);
    await this.tickets.applyVersion(claim.entity.id, version - 1, revive(claim.after ?? {}));
    const ticket = await this.tickets.findById(claim.workspaceId, claim.entity.id);
    if (!ticket) return;
    const changes = changesOf(claim);
    const stateChanges = Object.fromEntries(
      Object.entries(changes).filter(([field]) => (STATE_FIELDS as readonly string[]).includes(field)),
    );
    if (Object.keys(stateChanges).length === 0) return;
    await this.tickets.addTimelineEntryOnce({
      _id: claim._id,
      workspaceId: claim.workspaceId,
      ticketId: ticket._id,
      kind: 'change',
      occurredAt: claim.at,
      recordedAt: new Date(),
      authorId: claim.actor.kind === 'agent' ? claim.actor.id : null,
      actorKind: claim.actor.kind,
      action: claim.action,
      changes: stateChanges,
    });
    await this.publisher.publish('ticket.updated.v1', {
      id: deterministicEventId('ticket.updated.v1', claim._id),
      workspaceId: claim.workspaceId,
      key: ticket._id,
      payload: {
        ticketId: ticket._id,
        number: ticket.number,
        version,
        actor: { kind: claim.actor.kind, id: claim.actor.id },
        changes: stateChanges,
        // The state as of this version, not whatever later versions made of it.
        state: { ...stateOf(ticket), ...Object.fromEntries(Object.entries(stateChanges).map(([f, c]) => [f, c.to])) },
        customerTier: ticket.customerTier ?? null,
        at: claim.at.toISOString(),
      },
    });
  }
}

function versionClaimId(ticket: Pick<TicketDoc, 'workspaceId' | '_id'>, version: number): string {
  return deterministicId(ticket.workspaceId, 'ticket-version', ticket._id, String(version));
}

function versionOfClaim(claim: AuditEntryDoc): number {
  const version = (claim.after as { version?: unknown } | null)?.version;
  if (typeof version !== 'number') throw new Error(`audit entry ${claim._id} is not a version claim`);
  return version;
}

/** The fields that really change, before and after; the new version travels in `after`. */
function differences(ticket: TicketDoc, set: Partial<TicketDoc>) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(set)) {
    const current = (ticket as unknown as Record<string, unknown>)[field];
    if (JSON.stringify(current) === JSON.stringify(value)) continue;
    before[field] = current ?? null;
    after[field] = value ?? null;
  }
  if (Object.keys(after).length === 0) return null;
  before.version = ticket.version;
  after.version = ticket.version + 1;
  return { before, after };
}

function changesOf(claim: AuditEntryDoc): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, to] of Object.entries(claim.after ?? {})) {
    if (field === 'version') continue;
    changes[field] = { from: claim.before?.[field] ?? null, to };
  }
  return changes;
}

/** Dates come back from the store's Mixed field as Dates already; strings stay strings. `version` is set by applyVersion. */
function revive(after: Record<string, unknown>): Partial<TicketDoc> {
  const { version: _version, ...fields } = after;
  return fields as Partial<TicketDoc>;
}
