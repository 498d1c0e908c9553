import { deterministicEventId, DomainError, type Actor } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId, type AuditEntryDoc, type AuditLog } from '@threadline/persistence';
import type { TicketRepository } from './ticket.repository';
import { stateOf, type TicketDoc } from './ticket.schema';
import type { FieldChanges, TimelineEntryDoc } from './timeline-entry.schema';

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
  /** The ticket as the caller has just read it: the first attempt decides on it instead of reading it again. */
  current?: TicketDoc;
}

/**
 * The caller's own work that goes with a change (a reply's message): its
 * writes, each idempotent, run beside the change's own once the change is
 * decided (claimed, found applied by this command before, or nothing to
 * change); its events are started right after the change's
 * ticket.updated.v1, so the publisher sends them in that order, in one batch
 * when it can, instead of one Kafka acknowledgement after another.
 */
export interface AlongsideWork<T> {
  write: (ticket: TicketDoc) => Promise<T>;
  /** `ticket`: as of the change (its version is the one to announce). */
  publish: (written: T, ticket: TicketDoc) => Promise<unknown>;
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
    return (await this.applyWith(request, null)).change;
  }

  /** `apply`, with the caller's own writes and events beside the change's (see AlongsideWork). */
  async applyWith<T>(request: ChangeRequest, work: AlongsideWork<T>): Promise<{ change: ChangeResult; written: T }>;
  async applyWith<T>(request: ChangeRequest, work: AlongsideWork<T> | null): Promise<{ change: ChangeResult; written: T | null }>;
  async applyWith<T>(
    request: ChangeRequest,
    work: AlongsideWork<T> | null,
  ): Promise<{ change: ChangeResult; written: T | null }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const ticket =
        attempt === 1 && request.current?._id === request.ticketId
          ? request.current
          : await this.tickets.findById(request.workspaceId, request.ticketId);
      if (!ticket) throw new TicketNotFoundError(request.ticketId);
      const latest = await this.repeatOf(request, ticket);
      if (latest) {
        const written = await this.finish(latest, { ticket, stored: true, work });
        return { change: { ticket, claim: latest, changes: changesOf(latest), replayed: true }, written };
      }
      if (request.expectedVersion !== undefined && ticket.version !== request.expectedVersion) {
        throw new StaleTicketError(request.expectedVersion, ticket.version);
      }
      const set = request.decide(ticket);
      const changed = set ? differences(ticket, set) : null;
      if (!set || !changed) {
        const written = work ? await work.write(ticket) : null;
        if (work) await work.publish(written as T, ticket);
        return { change: { ticket, claim: null, changes: {}, replayed: false }, written };
      }

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
        const version = ticket.version + 1;
        // The change's time is the ticket's `updatedAt`, in what the caller is answered and in the store alike.
        const updated = {
          ...ticket,
          ...set,
          version,
          updatedAt: request.at,
          versionCommand: { version, commandId: request.commandId },
        } as TicketDoc;
        const written = await this.finish(claim, { ticket: updated, stored: false, work });
        return { change: { ticket: updated, claim, changes: changesOf(claim), replayed: false }, written };
      }
      // Someone else claimed this version: make sure it is written, then decide again on the new state.
      const other = await this.audit.find(ticket.workspaceId, claim._id);
      if (other) await this.finish(other);
    }
    throw new Error(`ticket ${request.ticketId}: change kept losing to concurrent changes`);
  }

  /**
   * The claim of the ticket's current version when this command (its Idempotency-Key) made it, else null.
   * Only a command with an id can be a repeat; the ticket says which command made its version, and only
   * a ticket that does not (last changed before it said so) costs a read of the version's audit entry.
   */
  private async repeatOf(request: ChangeRequest, ticket: TicketDoc): Promise<AuditEntryDoc | null> {
    if (!request.commandId || ticket.version <= 1) return null;
    const known = ticket.versionCommand?.version === ticket.version ? ticket.versionCommand : null;
    if (known && known.commandId !== request.commandId) return null;
    const latest = await this.audit.find(request.workspaceId, versionClaimId(ticket, ticket.version));
    return latest?.commandId === request.commandId ? latest : null;
  }

  /**
   * Everything a claimed change implies, each step idempotent: the ticket
   * write, the timeline entry and the ticket.updated.v1 event. `own`: the
   * claim is this caller's (or was made by its command before), `ticket` as
   * of the claim's version (`stored`: read so, nothing to write) — its writes
   * then go at once, beside the caller's work, and the ticket is read back
   * only if another writer got there first.
   */
  async finish(claim: AuditEntryDoc): Promise<void>;
  async finish<T>(claim: AuditEntryDoc, own: OwnClaim<T>): Promise<T | null>;
  async finish<T>(claim: AuditEntryDoc, own?: OwnClaim<T>): Promise<T | null | void> {
    const version = versionOfClaim(claim);
    const changes = changesOf(claim);
    const stateChanges = Object.fromEntries(
      Object.entries(changes).filter(([field]) => (STATE_FIELDS as readonly string[]).includes(field)),
    );
    const entry = Object.keys(stateChanges).length > 0 ? changeEntry(claim, stateChanges) : null;
    const apply = () =>
      this.tickets.applyVersion(claim.entity.id, version - 1, {
        ...revive(claim.after ?? {}),
        updatedAt: claim.at,
        versionCommand: { version, commandId: claim.commandId ?? null },
      });
    let ticket: TicketDoc | null;
    let written: T | null = null;
    if (own) {
      const [wrote, , theirs] = await Promise.all([
        own.stored ? true : apply(),
        entry ? this.tickets.addTimelineEntryOnce(entry) : null,
        own.work ? own.work.write(own.ticket) : null,
      ]);
      written = theirs;
      // Not written by us: someone wrote this version (or later ones) first; announce the ticket as it is.
      ticket = wrote ? own.ticket : await this.tickets.findById(claim.workspaceId, claim.entity.id);
    } else {
      await apply();
      ticket = await this.tickets.findById(claim.workspaceId, claim.entity.id);
      if (ticket && entry) await this.tickets.addTimelineEntryOnce(entry);
    }
    // Started in this order, one after the other: the change's event goes before the caller's.
    const announced =
      entry === null || !ticket
        ? null
        : this.publisher.publish('ticket.updated.v1', {
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
    const theirs = own?.work ? own.work.publish(written as T, own.ticket) : null;
    await Promise.all([announced, theirs]);
    return written;
  }
}

/** A claim of this caller's: the ticket as of its version, and the caller's work beside it. */
interface OwnClaim<T> {
  ticket: TicketDoc;
  /** The ticket was read at the claim's version: written already. */
  stored: boolean;
  work: AlongsideWork<T> | null;
}

/** The change's entry on the ticket's timeline, under the claim's id (written once). */
function changeEntry(claim: AuditEntryDoc, changes: FieldChanges): TimelineEntryDoc {
  return {
    _id: claim._id,
    workspaceId: claim.workspaceId,
    ticketId: claim.entity.id,
    kind: 'change',
    occurredAt: claim.at,
    recordedAt: new Date(),
    authorId: claim.actor.kind === 'agent' ? claim.actor.id : null,
    actorKind: claim.actor.kind,
    action: claim.action,
    changes,
  };
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
