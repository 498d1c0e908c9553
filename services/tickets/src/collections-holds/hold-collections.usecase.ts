import { randomUUID } from 'node:crypto';
import { deterministicEventId, type Actor } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { ChangeResult, TicketChanges } from '../tickets/ticket-changes';
import type { CollectionsHold, TicketDoc } from '../tickets/ticket.schema';
import type { TicketRepository } from '../tickets/ticket.repository';

export interface HoldCommand {
  workspaceId: string;
  actor: Actor;
  /** The caller's Idempotency-Key: a retry neither changes the ticket again nor announces twice. */
  commandId: string | null;
}

/**
 * A complaint holds debt collection for the ticket's customer until it is
 * settled: the hold is a ticket field, changed as any other (a version,
 * an audit entry), and announced as ticket.collections-hold.v1 — id derived
 * from the change, so a retry announces it again under the same id — for a
 * collections system to consume; it reads the same through the API.
 * Releasing comes by hand or when the ticket is closed.
 */
export class HoldCollections {
  constructor(private readonly deps: { tickets: TicketRepository; changes: TicketChanges; publisher: EventPublisher }) {}

  async hold(command: HoldCommand, ticket: TicketDoc, reason: string): Promise<TicketDoc> {
    const by = command.actor.id ?? command.actor.kind;
    const result = await this.change(command, ticket, 'ticket.collections-hold', (current) =>
      current.collectionsHold ? null : { collectionsHold: { reason, since: new Date(), by } },
    );
    return this.announce(command, result, true);
  }

  async release(command: HoldCommand, ticket: TicketDoc): Promise<TicketDoc> {
    const result = await this.change(command, ticket, 'ticket.collections-release', (current) =>
      current.collectionsHold ? { collectionsHold: null } : null,
    );
    return this.announce(command, result, false);
  }

  private change(
    command: HoldCommand,
    ticket: TicketDoc,
    action: string,
    decide: (current: TicketDoc) => Partial<TicketDoc> | null,
  ): Promise<ChangeResult> {
    return this.deps.changes.apply({
      workspaceId: command.workspaceId,
      ticketId: ticket._id,
      actor: command.actor,
      action,
      commandId: command.commandId ?? randomUUID(),
      at: new Date(),
      decide,
    });
  }

  private async announce(command: HoldCommand, result: ChangeResult, held: boolean): Promise<TicketDoc> {
    const { ticket, claim } = result;
    if (!claim) return ticket;
    const hold = ((held ? claim.after : claim.before) as { collectionsHold?: CollectionsHold } | null)?.collectionsHold;
    if (!hold) return ticket;
    await this.deps.publisher.publish('ticket.collections-hold.v1', {
      id: deterministicEventId('ticket.collections-hold.v1', claim._id),
      workspaceId: command.workspaceId,
      key: ticket._id,
      payload: {
        ticketId: ticket._id,
        number: ticket.number,
        version: (claim.after as { version: number }).version,
        customerId: ticket.customerId,
        held,
        reason: hold.reason,
        since: new Date(hold.since).toISOString(),
        actor: claim.actor,
        at: claim.at.toISOString(),
      },
    });
    return ticket;
  }
}
