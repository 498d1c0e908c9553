import type { Connection } from 'mongoose';
import { DueTimerStore, type DueTimerDoc } from '@threadline/persistence';

/** An away agent's ticket, handed back when the grace period ends unless they are back (one per ticket). */
export interface HandbackTimerDoc extends DueTimerDoc {
  ticketId: string;
  number: number;
  agentId: string;
}

export const handbackTimerId = (workspaceId: string, ticketId: string) => `${workspaceId}:${ticketId}`;

/** Hand-back timers in the shared minute-bucket store (`routing_handback_timers`), by the ticket's partition. */
export const handbackTimerStore = (connection: Connection) =>
  new DueTimerStore<HandbackTimerDoc>(connection, 'RoutingHandbackTimer', 'routing_handback_timers', {
    ticketId: { type: String, required: true },
    number: { type: Number, required: true },
    agentId: { type: String, required: true },
  });
export type HandbackTimerStore = DueTimerStore<HandbackTimerDoc>;
