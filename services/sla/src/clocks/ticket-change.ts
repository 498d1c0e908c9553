import type { AnyEvent } from '@threadline/contracts';
import type { TicketFacts } from '../policies/policy-match';
import type { TicketChange } from './sla-clock';

/** What a ticket event means for its clock; null for events that do not touch it. */
export interface ClockInput {
  ticketId: string;
  number: number;
  at: Date;
  change: TicketChange;
  /** The ticket's routing facts after the event, when the event carries them. */
  facts: Omit<TicketFacts, 'customerTier' | 'channel'> | null;
  channel: TicketFacts['channel'] | null;
  /** The customer's tier, when the event names it (null from producers that predate it: the clock keeps what it knew). */
  customerTier: string | null;
}

export function clockInputOf(event: AnyEvent): ClockInput | null {
  switch (event.type) {
    case 'ticket.created.v1': {
      const { payload } = event;
      const { status, priority, queue, category } = payload.state;
      return {
        ticketId: payload.ticketId,
        number: payload.number,
        at: new Date(payload.createdAt),
        change: { kind: 'opened', status },
        facts: { priority, queue, category },
        channel: payload.channel,
        customerTier: payload.customerTier ?? null,
      };
    }
    case 'ticket.updated.v1': {
      const { payload } = event;
      const { status, priority, queue, category } = payload.state;
      const at = new Date(payload.at);
      return {
        ticketId: payload.ticketId,
        number: payload.number,
        at,
        change: { kind: 'status', status },
        facts: { priority, queue, category },
        channel: null,
        customerTier: payload.customerTier ?? null,
      };
    }
    case 'ticket.message-added.v1': {
      const { payload } = event;
      // Acknowledgements and other automatic messages (no agent, or the system) are not a response.
      const agentReply = payload.direction === 'outbound' && payload.authorId !== null && payload.authorId !== 'system';
      if (payload.direction === 'outbound' && !agentReply) return null;
      const change: TicketChange = agentReply ? { kind: 'agent-replied' } : { kind: 'customer-wrote' };
      return {
        ticketId: payload.ticketId,
        number: payload.number,
        at: new Date(payload.at),
        change,
        facts: null,
        channel: null,
        customerTier: null,
      };
    }
    case 'ticket.merged.v1': {
      const { payload } = event;
      const change: TicketChange = { kind: 'status', status: 'closed' };
      return {
        ticketId: payload.ticketId,
        number: payload.number,
        at: new Date(payload.at),
        change,
        facts: null,
        channel: null,
        customerTier: null,
      };
    }
    default:
      return null;
  }
}
