import type { Logger } from '@threadline/observability';
import { DueTimerPoller, type DueTimerPollerOptions, type TimeSource } from '@threadline/persistence';
import type { FireTimer } from './fire-timer.usecase';
import type { SlaTimerDoc, SlaTimerRepository } from './sla-timer.repository';

export type PollerOptions = DueTimerPollerOptions;

/**
 * Fires the due SLA timers of the ticket-topic partitions this instance
 * holds (the shared minute-bucket poller), so each ticket's timers have one
 * owner at a time, handed over with the partition on a rebalance.
 */
export class TimerPoller extends DueTimerPoller<SlaTimerDoc> {
  constructor(timers: SlaTimerRepository, fireTimer: FireTimer, time: TimeSource, options: PollerOptions, logger: Logger) {
    super(timers, (timer, now) => fireTimer.fire(timer, now), time, options, logger);
  }
}
