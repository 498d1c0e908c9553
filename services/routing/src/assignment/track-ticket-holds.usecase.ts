import type { AnyEvent, Channel } from '@threadline/contracts';
import type { EventSource, HandlerOutcome } from '@threadline/kafka';
import type { TicketDetail } from '../tickets/ticket-facts';
import { TicketCommandRefused, type TicketsClient } from '../tickets/tickets-client';
import type { AutoAssign } from './auto-assign.usecase';
import type { TicketHold, TicketHoldRepository } from './ticket-holds.repository';

type HoldChange = {
  ticketId: string;
  number: number;
  version: number;
  queue: string | null;
  holder: string | null;
  open: boolean;
};

/** What a ticket event says about who holds the ticket; null: the event changes nothing of it. */
function changeOf(event: AnyEvent): HoldChange | null {
  if (event.type === 'ticket.created.v1' || event.type === 'ticket.updated.v1') {
    const { ticketId, number, version, state } = event.payload;
    const open = state.status !== 'closed';
    return { ticketId, number, version, queue: state.queue, holder: open ? state.assigneeId : null, open };
  }
  if (event.type === 'ticket.merged.v1') {
    const { ticketId, number, version } = event.payload;
    return { ticketId, number, version, queue: null, holder: null, open: false };
  }
  return null;
}

/**
 * ticket.events.v1 → who holds each open ticket (an agent's load per channel), in assignment's own consumer
 * group; the instance holding a ticket's partition is the only one writing its hold. An open ticket nobody
 * holds, in a queue that assigns by itself, is then given to a fitting member.
 */
export class TrackTicketHolds {
  constructor(private readonly deps: { holds: TicketHoldRepository; tickets: TicketsClient; autoAssign: AutoAssign }) {}

  async handle(event: AnyEvent, source: EventSource): Promise<HandlerOutcome> {
    const change = changeOf(event);
    if (!change) return 'ignored';
    const { ticketId, number, version } = change;
    const known = await this.deps.holds.find(event.workspaceId, ticketId);
    if (known && known.version >= version) return 'duplicate';
    const channel =
      event.type === 'ticket.created.v1'
        ? event.payload.channel
        : (known?.channel ?? (await this.channelOf(event.workspaceId, number)));
    if (!channel) return 'ignored';
    const hold: TicketHold = {
      workspaceId: event.workspaceId,
      ticketId,
      number,
      channel,
      queue: change.queue,
      holder: change.holder,
      version,
      partition: source.partition,
    };
    await this.deps.holds.save(hold);
    if (change.open && !hold.holder && hold.queue) await this.deps.autoAssign.offer(hold);
    return 'done';
  }

  /** A ticket opened before assignment kept holds: its channel, asked of the tickets service once; null: gone. */
  private async channelOf(workspaceId: string, number: number): Promise<Channel | null> {
    try {
      return (await this.deps.tickets.call<TicketDetail>(workspaceId, `tickets/${number}`)).channel;
    } catch (error) {
      if (error instanceof TicketCommandRefused) return null;
      throw error;
    }
  }
}
