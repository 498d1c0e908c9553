import type { Logger } from '@threadline/observability';
import {
  DueTimerPoller,
  type DueTimerDoc,
  type DueTimerOutcome,
  type DueTimerStore,
  type TimeSource,
} from '@threadline/persistence';
import type { RoutingConfig } from '../config';

/** The poller of one kind of routing timer (time rules, hand-backs), paced by the service's timer settings. */
export function routingTimerPoller<T extends DueTimerDoc>(
  component: string,
  timers: DueTimerStore<T>,
  fire: (timer: T, now: Date) => Promise<DueTimerOutcome>,
  { time, config, logger }: { time: TimeSource; config: RoutingConfig; logger: Logger },
): DueTimerPoller<T> {
  return new DueTimerPoller<T>(
    timers,
    fire,
    time,
    { pollMs: config.ROUTING_TIMER_POLL_MS, lookbackMinutes: config.ROUTING_TIMER_LOOKBACK_MINUTES },
    logger.child({ component }),
  );
}
