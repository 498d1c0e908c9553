import { DomainError } from '@threadline/contracts';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { UpdateTicketBody } from './ticket-command.schemas';

/** `service`: another service acting for itself (routing assigning, say), with a supervisor's reach. */
export type AgentRole = 'agent' | 'supervisor' | 'admin' | 'service';
export interface CommandActor {
  agentId: string;
  role: AgentRole;
}

/** The actor's role may not do this to the ticket. */
export class CommandForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', 'FORBIDDEN', message);
  }
}

/**
 * What each role may do to a ticket. An agent works the tickets: changes
 * status, priority, queue, tags and category, takes an unassigned ticket or
 * hands back their own; only a supervisor or admin reassigns someone else's
 * ticket or merges tickets and customers.
 */
export function authorizeUpdate(actor: CommandActor, ticket: TicketDoc, change: UpdateTicketBody): void {
  if (actor.role !== 'agent' || change.assigneeId === undefined) return;
  const holder = ticket.assigneeId;
  const target = change.assigneeId;
  const takingOrReturningOwn = (holder === null || holder === actor.agentId) && (target === actor.agentId || target === null);
  if (!takingOrReturningOwn && holder !== target) {
    throw new CommandForbiddenError(
      'an agent may take an unassigned ticket or hand back their own; reassigning needs a supervisor',
    );
  }
}

export function authorizeMerge(actor: CommandActor): void {
  if (actor.role === 'agent') throw new CommandForbiddenError('merging needs a supervisor or admin');
}
