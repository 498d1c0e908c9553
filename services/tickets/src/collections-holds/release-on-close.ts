import type { AnyEvent } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { HoldCollections } from './hold-collections.usecase';

/**
 * A ticket closed is a complaint settled: its collections hold ends. Read
 * from the ticket's own ticket.updated.v1, so it holds however the ticket was
 * closed (an agent, a rule, a merge); the release's idempotency key derives
 * from the event, so a redelivery changes nothing.
 */
export class ReleaseHoldOnClose {
  constructor(private readonly deps: { tickets: TicketRepository; holds: HoldCollections }) {}

  async handle(event: AnyEvent): Promise<HandlerOutcome> {
    if (event.type !== 'ticket.updated.v1') return 'ignored';
    const { payload } = event;
    if (payload.changes.status?.to !== 'closed') return 'ignored';
    const ticket = await this.deps.tickets.findById(event.workspaceId, payload.ticketId);
    if (!ticket?.collectionsHold) return 'ignored';
    await this.deps.holds.release(
      { workspaceId: event.workspaceId, actor: { kind: 'system', id: 'tickets' }, commandId: `release-on-close:${event.id}` },
      ticket,
    );
    return 'done';
  }
}
