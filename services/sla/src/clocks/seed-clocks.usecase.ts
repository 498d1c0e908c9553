import type { TypedEnvelope } from '@threadline/contracts';
import type { PolicyBook } from '../policies/policy-book';
import { timerDocsOf } from './clock-journal';
import type { ClockSettings } from './sla-clock';
import type { SlaClockDoc, SlaClockRepository } from './sla-clock.repository';
import type { SlaTimerDoc, SlaTimerRepository } from './sla-timer.repository';
import { clockInputOf } from './ticket-change';
import { nextClock } from './track-ticket.usecase';

/**
 * Fills a store with open tickets' clocks for a load test: each `ticket.created.v1` becomes the clock and
 * timers the service itself writes for it (the same input, policy choice, clock and timer buckets), put in
 * bulk instead of one ticket at a time. Nothing is published (no `sla.clock-changed.v1`): only for tickets
 * no instance tracks yet, in a store whose clocks nobody else reads.
 */
export class SeedClocks {
  constructor(
    private readonly clocks: SlaClockRepository,
    private readonly timers: SlaTimerRepository,
    private readonly book: PolicyBook,
    private readonly settings: ClockSettings,
  ) {}

  /** `partitionOf` names each ticket's partition as Kafka would place its events (its timers' owner). */
  async seed(
    events: TypedEnvelope<'ticket.created.v1'>[],
    partitionOf: (ticketId: string) => number,
    now: Date,
  ): Promise<{ clocks: number; timers: number }> {
    const clocks: SlaClockDoc[] = [];
    const timers: SlaTimerDoc[] = [];
    for (const event of events) {
      const input = clockInputOf(event)!;
      const rules = await this.book.rulesOf(event.workspaceId);
      const clock = nextClock(
        { workspaceId: event.workspaceId, input, eventId: event.id, partition: partitionOf(input.ticketId) },
        null,
        rules,
        this.settings,
      );
      const own = timerDocsOf(clock, now);
      clock.timerIds = own.map((t) => t._id);
      clocks.push(clock);
      timers.push(...own);
    }
    // Timers first, as the journal writes them: a clock is never stored without its timers.
    await this.timers.insertMany(timers);
    await this.clocks.insertMany(clocks);
    return { clocks: clocks.length, timers: timers.length };
  }
}
