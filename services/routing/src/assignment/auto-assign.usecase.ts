import type { Logger } from '@threadline/observability';
import type { TimeSource } from '@threadline/persistence';
import { factsOf, type TicketDetail } from '../tickets/ticket-facts';
import { TicketCommandRefused, type TicketsClient } from '../tickets/tickets-client';
import { needsOf, type AssignFromQueue } from './assign-from-queue';
import type { RoutingQueueRepository } from './assignment.repositories';
import type { TicketHold } from './ticket-holds.repository';

/**
 * A queue that assigns by itself (`autoAssign`) gives an open ticket nobody
 * holds to a fitting member (present, skilled, below capacity), by its mode.
 * The assignment is made on the ticket as it was read (If-Match): if anyone
 * changed it meanwhile, the tickets service refuses and the newer event
 * decides again. Nobody fitting: the ticket waits in the
 * queue (a `ticket.unassigned` rule can escalate it); the next event retries.
 */
export class AutoAssign {
  constructor(
    private readonly deps: {
      queues: RoutingQueueRepository;
      assign: AssignFromQueue;
      tickets: TicketsClient;
      time: TimeSource;
      logger: Logger;
    },
  ) {}

  async offer(hold: TicketHold): Promise<void> {
    const now = this.deps.time.now();
    const queue = hold.queue ? await this.deps.queues.find(hold.workspaceId, hold.queue) : null;
    if (!queue?.autoAssign) return;
    // Read again once when the ticket changed between the read and the assignment (a message came in).
    for (let attempt = 0; attempt < 2; attempt++) {
      const agentId = await this.tryOnce(hold, queue.queue, now);
      if (agentId !== 'stale') return;
    }
  }

  /** The agent given the ticket, null when nobody was (or it needs no one), 'stale' when it changed meanwhile. */
  private async tryOnce(hold: TicketHold, queueName: string, now: Date): Promise<string | null | 'stale'> {
    const path = `tickets/${hold.number}`;
    const detail = await this.deps.tickets.call<TicketDetail>(hold.workspaceId, path);
    // Someone took it, it moved on, or closed since the event: its own event decides.
    if (detail.assigneeId || detail.mergedInto || detail.status === 'closed' || detail.queue !== queueName) return null;
    const choice = await this.deps.assign.choose(hold.workspaceId, queueName, needsOf(factsOf(detail, null)), now);
    if ('failure' in choice) {
      this.deps.logger.info({ workspaceId: hold.workspaceId, ticket: hold.number, reason: choice.failure }, 'nobody to assign');
      return null;
    }
    try {
      await this.deps.tickets.call(hold.workspaceId, path, {
        method: 'PATCH',
        body: { assigneeId: choice.agentId },
        ifMatch: detail.version,
        idempotencyKey: `auto-assign:${hold.ticketId}:${detail.version}`,
      });
    } catch (error) {
      if (error instanceof TicketCommandRefused) return error.status === 409 ? 'stale' : null;
      throw error;
    }
    this.deps.assign.gave(hold.workspaceId, choice.agentId, hold.ticketId, hold.channel, now);
    await this.deps.assign.remember(hold.workspaceId, queueName, choice.agentId);
    return choice.agentId;
  }
}
