import type { Connection } from 'mongoose';
import type { TimeTrigger } from '@threadline/contracts';
import { DueTimerStore, type DueTimerDoc } from '@threadline/persistence';

/** A time rule's moment on one ticket: when it is due, the rule runs if what it waits for still holds. */
export interface TriggerTimerDoc extends DueTimerDoc {
  ticketId: string;
  number: number;
  ruleId: string;
  trigger: TimeTrigger;
  /** When the wait began: the ticket opened, or began waiting for the customer. */
  since: Date;
}

/** One timer per ticket and rule: a new wait (waiting for the customer again) moves it, as an upsert. */
export const triggerTimerId = (t: { workspaceId: string; ticketId: string; ruleId: string }) =>
  `${t.workspaceId}:${t.ticketId}:${t.ruleId}`;

/** The routing service's time-rule timers, in the shared minute-bucket store (`routing_timers`). */
export const triggerTimerStore = (connection: Connection) =>
  new DueTimerStore<TriggerTimerDoc>(connection, 'RoutingTimer', 'routing_timers', {
    ticketId: { type: String, required: true },
    number: { type: Number, required: true },
    ruleId: { type: String, required: true },
    trigger: { type: String, required: true },
    since: { type: Date, required: true },
  });
export type TriggerTimerStore = DueTimerStore<TriggerTimerDoc>;
