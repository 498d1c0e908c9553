import type { AnyEvent } from '@threadline/contracts';
import type { EventSource, HandlerOutcome } from '@threadline/kafka';
import { bucketOf, minuteOf, type TimeSource } from '@threadline/persistence';
import type { RulesetCache } from '../rules/ruleset-cache';
import { dueMoment, waitsStartedBy } from './time-trigger-moments';
import { triggerTimerId, type TriggerTimerDoc, type TriggerTimerStore } from './trigger-timer.repository';

type TicketChange = { ticketId: string; number: number; change: Parameters<typeof waitsStartedBy>[0] };

/** Which wait a ticket event starts: a new ticket, or a status change (waiting for the customer). */
function changeOf(event: AnyEvent): TicketChange | null {
  if (event.type === 'ticket.created.v1') {
    return { ticketId: event.payload.ticketId, number: event.payload.number, change: 'created' };
  }
  if (event.type === 'ticket.updated.v1') {
    const { ticketId, number, changes } = event.payload;
    return changes.status ? { ticketId, number, change: { status: changes.status.to } } : null;
  }
  return null;
}

/**
 * ticket events → the time rules' timers: a new ticket starts the
 * "no first answer" and "nobody assigned" waits, a ticket set to wait for
 * the customer starts that one. Each timer goes in the bucket of the
 * event's partition, so whoever holds the ticket's partition fires it.
 */
export class ScheduleTimeTriggers {
  constructor(private readonly deps: { rulesets: RulesetCache; timers: TriggerTimerStore; time: TimeSource }) {}

  async handle(event: AnyEvent, source: EventSource): Promise<HandlerOutcome> {
    const ticket = changeOf(event);
    if (!ticket) return 'ignored';
    const waits = waitsStartedBy(ticket.change);
    if (waits.length === 0) return 'ignored';
    const { rules } = await this.deps.rulesets.rulesOf(event.workspaceId);
    const timed = rules.filter((c) => c.rule.enabled && c.rule.after && (waits as string[]).includes(c.rule.trigger));
    if (timed.length === 0) return 'ignored';
    const { ticketId, number } = ticket;
    const since = new Date(event.occurredAt);
    // A wait already over (an event read late) goes in the current minute: the poller's cursor may be past its own.
    const nowMinute = minuteOf(this.deps.time.now());
    const timers: TriggerTimerDoc[] = timed.map((c) => {
      const dueAt = dueMoment(c.rule.after!, since, c.hours?.calendar ?? null);
      const key = { workspaceId: event.workspaceId, ticketId, ruleId: c.rule.id };
      return {
        _id: triggerTimerId(key),
        ...key,
        number,
        trigger: c.rule.trigger as TriggerTimerDoc['trigger'],
        since,
        dueAt,
        bucket: bucketOf(source.partition, Math.max(minuteOf(dueAt), nowMinute)),
      };
    });
    await this.deps.timers.put(timers);
    return 'done';
  }
}
