import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import { CommandRejectedError, TicketMissingError } from './command-errors';
import type { CommandActor } from './ticket-policy';

export { CommandRejectedError, TicketMissingError };

/** Who asks for a command, in which workspace, and how it is made once. */
export interface CommandContext {
  workspaceId: string;
  actor: CommandActor;
  /** Idempotency-Key of the request; a retry with the same key is applied once. */
  commandId: string | null;
  /** If-Match: the ticket version the agent's screen showed. */
  expectedVersion?: number;
}

/** The part of a `TicketChanges.apply` request every agent command shares. */
export function changeRequest(ctx: CommandContext, ticket: TicketDoc, action: string, at: Date) {
  return {
    workspaceId: ctx.workspaceId,
    ticketId: ticket._id,
    actor: { kind: 'agent' as const, id: ctx.actor.agentId },
    action,
    commandId: ctx.commandId,
    expectedVersion: ctx.expectedVersion,
    at,
  };
}

export async function findTicket(tickets: TicketRepository, workspaceId: string, number: number): Promise<TicketDoc> {
  const ticket = await tickets.findByNumber(workspaceId, number);
  if (!ticket) throw new TicketMissingError(`no ticket #${number}`);
  return ticket;
}

/** A ticket that can still be worked on: not merged away. */
export async function workableTicket(tickets: TicketRepository, workspaceId: string, number: number): Promise<TicketDoc> {
  const ticket = await findTicket(tickets, workspaceId, number);
  if (ticket.mergedInto) {
    throw new CommandRejectedError('TICKET_MERGED', `#${number} was merged into #${ticket.mergedInto.number}; work on that one`);
  }
  return ticket;
}
