import type { TicketChanges } from '../tickets/ticket-changes';
import type { TicketRepository } from '../tickets/ticket.repository';
import { PRIORITY_RANK, type TicketDoc } from '../tickets/ticket.schema';
import { changeRequest, workableTicket, type CommandContext } from './command';
import type { UpdateTicketBody } from './ticket-command.schemas';
import { authorizeUpdate } from './ticket-policy';

/** An agent changes a ticket's status, priority, queue, assignee, tags or category. */
export class UpdateTicket {
  constructor(private readonly deps: { tickets: TicketRepository; changes: TicketChanges }) {}

  async execute(ctx: CommandContext, number: number, change: UpdateTicketBody): Promise<TicketDoc> {
    const ticket = await workableTicket(this.deps.tickets, ctx.workspaceId, number);
    authorizeUpdate(ctx.actor, ticket, change);
    const now = new Date();
    const result = await this.deps.changes.apply({
      ...changeRequest(ctx, ticket, 'ticket.update', now),
      decide: (current) => {
        const set: Partial<TicketDoc> = { ...change };
        if (change.priority) set.priorityRank = PRIORITY_RANK[change.priority];
        if (change.status && change.status !== current.status) {
          set.statusChangedAt = now;
          set.resolvedAt = change.status === 'closed' ? now : null;
        }
        return set;
      },
    });
    return result.ticket;
  }
}
