import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { TicketChanges } from '../tickets/ticket-changes';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import { changeRequest, CommandRejectedError, findTicket, workableTicket, type CommandContext } from './command';
import { authorizeMerge } from './ticket-policy';

/** Merges ticket `number` into `intoNumber`: the history shows on the target; the source is closed with a pointer. */
export class MergeTickets {
  constructor(
    private readonly deps: {
      tickets: TicketRepository;
      customers: CustomerRepository;
      changes: TicketChanges;
      publisher: EventPublisher;
    },
  ) {}

  async execute(ctx: CommandContext, number: number, intoNumber: number): Promise<TicketDoc> {
    authorizeMerge(ctx.actor);
    if (number === intoNumber)
      throw new CommandRejectedError('MERGE_INTO_ITSELF', 'a ticket cannot be merged into itself', 'invalid');
    const source = await findTicket(this.deps.tickets, ctx.workspaceId, number);
    const target = await workableTicket(this.deps.tickets, ctx.workspaceId, intoNumber);
    if (source.mergedInto && source.mergedInto.ticketId !== target._id) {
      throw new CommandRejectedError('TICKET_MERGED', `#${number} is already merged into #${source.mergedInto.number}`);
    }
    const now = new Date();
    const closed = await this.deps.changes.apply({
      ...changeRequest(ctx, source, 'ticket.merge', now),
      decide: (current) => ({
        status: 'closed',
        statusChangedAt: current.status === 'closed' ? current.statusChangedAt : now,
        resolvedAt: current.resolvedAt ?? now,
        mergedInto: { ticketId: target._id, number: target.number },
      }),
    });
    // The target's part: done even when the source's part was already done (a retry after a crash).
    const absorbed = await this.deps.changes.apply({
      workspaceId: ctx.workspaceId,
      ticketId: target._id,
      actor: { kind: 'agent', id: ctx.actor.agentId },
      action: 'ticket.merge-in',
      commandId: ctx.commandId ? `${ctx.commandId}:target` : null,
      at: now,
      decide: (current) =>
        current.mergedTicketIds.includes(source._id)
          ? null
          : { mergedTicketIds: [...current.mergedTicketIds, source._id, ...source.mergedTicketIds] },
    });
    const mergeEntryId = deterministicId(ctx.workspaceId, 'ticket-merge', source._id, target._id);
    await this.deps.tickets.addTimelineEntryOnce({
      _id: mergeEntryId,
      workspaceId: ctx.workspaceId,
      ticketId: target._id,
      kind: 'change',
      occurredAt: now,
      recordedAt: now,
      authorId: ctx.actor.agentId,
      actorKind: 'agent',
      action: 'ticket.merge',
      changes: { mergedTicket: { from: null, to: source.number } },
    });
    const customer = await this.deps.customers.resolve(ctx.workspaceId, source.customerId);
    if (customer?.lastTicketId === source._id)
      await this.deps.customers.setLastTicket(customer._id, target._id, customer.ticketEpoch);
    await this.deps.publisher.publish('ticket.merged.v1', {
      id: deterministicEventId('ticket.merged.v1', mergeEntryId),
      workspaceId: ctx.workspaceId,
      key: source._id,
      payload: {
        ticketId: source._id,
        number: source.number,
        version: closed.ticket.version,
        intoTicketId: target._id,
        intoNumber: target.number,
        actor: { kind: 'agent', id: ctx.actor.agentId },
        at: now.toISOString(),
      },
    });
    return absorbed.ticket;
  }
}
