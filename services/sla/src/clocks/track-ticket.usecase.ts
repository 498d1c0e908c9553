import type { AnyEvent } from '@threadline/contracts';
import { deterministicEventId } from '@threadline/contracts';
import type { EventSource, HandlerOutcome } from '@threadline/kafka';
import type { PolicyBook, WorkspaceRules } from '../policies/policy-book';
import { choosePolicy, type SlaPolicy, type TicketFacts } from '../policies/policy-match';
import { advance, endedTargets, newClock, type ClockSettings, type PolicyTargets } from './sla-clock';
import type { ClockJournal } from './clock-journal';
import type { SlaClockDoc } from './sla-clock.repository';
import { clockInputOf, type ClockInput } from './ticket-change';

const MINUTE_MS = 60_000;
/** Enough to recognise a redelivered event: Kafka redelivers from the last committed offset, a few events back. */
const REMEMBERED_EVENTS = 20;
const MAX_ATTEMPTS = 5;

export const targetsOf = (policy: SlaPolicy): PolicyTargets => {
  const ms = (minutes: number | null) => (minutes === null ? null : minutes * MINUTE_MS);
  return {
    firstResponse: ms(policy.targets.firstResponseMinutes),
    nextResponse: ms(policy.targets.nextResponseMinutes),
    resolution: ms(policy.targets.resolutionMinutes),
  };
};

/** A change to apply to a ticket's clock, with what identifies it (a ticket event, or an admin's edit of the rules). */
export interface Move {
  workspaceId: string;
  input: ClockInput;
  /** The ticket event's id (remembered, so a redelivery is recognised); null for a recompute. */
  eventId: string | null;
  /** The ticket-topic partition, when the change comes from it; else the clock's own. */
  partition: number | null;
}

/**
 * A ticket event moves the ticket's clock: the policy is chosen again from
 * the ticket as it is now, the clock advanced, its timers rescheduled, and
 * `sla.clock-changed.v1` tells the tickets service the new due moment. An
 * admin's edit of the policies or calendar moves it the same way, with no
 * ticket event (`recompute`).
 */
export class TrackTicket {
  constructor(
    private readonly journal: ClockJournal,
    private readonly book: PolicyBook,
    private readonly settings: ClockSettings,
  ) {}

  handle(event: AnyEvent, source: EventSource): Promise<HandlerOutcome> {
    const input = clockInputOf(event);
    if (!input) return Promise.resolve('ignored');
    return this.move({ workspaceId: event.workspaceId, input, eventId: event.id, partition: source.partition });
  }

  /** The clock again under the workspace's rules as they are now (nothing happened to the ticket). */
  async recompute(workspaceId: string, ticketId: string, at: Date): Promise<HandlerOutcome> {
    const clock = await this.journal.clocks.get(ticketId);
    if (!clock || clock.workspaceId !== workspaceId) return 'ignored';
    const change = { kind: 'rules-changed' } as const;
    const input: ClockInput = { ticketId, number: clock.number, at, change, facts: null, channel: null, customerTier: null };
    return this.move({ workspaceId, input, eventId: null, partition: null });
  }

  private async move({ workspaceId, input, eventId, partition }: Move): Promise<HandlerOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const previous = await this.journal.clocks.get(input.ticketId);
      if (eventId && previous?.appliedEventIds.includes(eventId)) return 'duplicate';
      // A ticket opened before the sla service ran has no clock: its events are let go.
      if (!previous && input.change.kind !== 'opened') return 'ignored';
      const next = nextClock(
        { workspaceId, input, eventId, partition },
        previous,
        await this.book.rulesOf(workspaceId),
        this.settings,
      );
      const written = await this.journal.write(next, previous, (summary) =>
        this.journal.publisher.publish('sla.clock-changed.v1', {
          workspaceId: next.workspaceId,
          key: next._id,
          id: deterministicEventId('sla.clock-changed.v1', `${next._id}:${next.revision}`),
          ...(eventId ? { causationId: eventId } : {}),
          payload: {
            ticketId: next._id,
            number: next.number,
            policyId: next.policyId,
            policyName: next.policyName,
            summary,
            at: next.lastAt.toISOString(),
            ended: endedTargets(previous?.clock ?? null, next.clock),
          },
        }),
      );
      if (written) return 'done';
    }
    throw new Error(`the clock of ticket ${input.ticketId} kept changing under us`);
  }
}

/** The clock after a change, under the workspace's rules: the policy chosen again from the ticket as it is now. */
export function nextClock(
  { workspaceId, input, eventId, partition }: Move,
  previous: SlaClockDoc | null,
  rules: WorkspaceRules,
  settings: ClockSettings,
): SlaClockDoc {
  const facts: TicketFacts = {
    ...(previous?.facts ?? {}),
    ...(input.facts ?? {}),
    channel: input.channel ?? previous!.facts.channel,
    customerTier: input.customerTier ?? previous?.facts.customerTier ?? null,
  } as TicketFacts;
  const policy = choosePolicy(rules.policies, facts, workspaceId);
  const at = previous && previous.lastAt > input.at ? previous.lastAt : input.at;
  const clock = advance(
    previous?.clock ?? newClock('new'),
    input.change,
    at,
    {
      before: { time: previous?.time ?? policy.time, calendar: rules.calendar },
      after: { time: policy.time, calendar: rules.calendar },
    },
    targetsOf(policy),
    settings,
  );
  return {
    _id: input.ticketId,
    workspaceId,
    number: input.number,
    partition: partition ?? previous!.partition,
    facts,
    policyId: policy.id,
    policyName: policy.name,
    time: policy.time,
    clock,
    lastAt: at,
    revision: (previous?.revision ?? 0) + 1,
    appliedEventIds: [...(previous?.appliedEventIds ?? []), ...(eventId ? [eventId] : [])].slice(-REMEMBERED_EVENTS),
    timerIds: [],
    updatedAt: new Date(),
  };
}
