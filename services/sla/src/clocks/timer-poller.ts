import type { Logger } from '@threadline/observability';
import type { FireTimer } from './fire-timer.usecase';
import { minuteOf } from './clock-journal';
import type { SlaTimerRepository } from './sla-timer.repository';
import type { TimeSource } from './time-source';

/** A minute is left behind only this long after it ended: a timer written late into it is still found. */
const MINUTE_GRACE_MS = 5_000;

export interface PollerOptions {
  pollMs: number;
  lookbackMinutes: number;
}

/**
 * Fires the due timers of the ticket-topic partitions this instance holds,
 * so each ticket's timers have one owner at a time, handed over with the
 * partition on a rebalance. Per partition it reads the minute buckets from
 * its stored cursor up to now (equality lookups), fires what is due, and
 * moves the cursor past a minute once everything in it has fired.
 */
export class TimerPoller {
  private owned = new Set<number>();
  private readonly cursors = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  firedCount = 0;
  /** Whole rounds over the owned partitions so far (tests wait on it instead of sleeping). */
  rounds = 0;

  constructor(
    private readonly timers: SlaTimerRepository,
    private readonly fireTimer: FireTimer,
    private readonly time: TimeSource,
    private readonly options: PollerOptions,
    private readonly logger: Logger,
  ) {}

  get partitions(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  /** The partitions of the ticket topic this instance now holds (none during a rebalance). */
  assign(partitions: number[]): void {
    this.owned = new Set(partitions);
    for (const p of [...this.cursors.keys()]) if (!this.owned.has(p)) this.cursors.delete(p);
    this.logger.info({ partitions }, 'SLA timer partitions assigned');
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((error) => this.logger.warn({ err: error }, 'SLA timer poll failed; next poll retries'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(loop, this.options.pollMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  async tick(): Promise<void> {
    await Promise.all([...this.owned].map((p) => this.scan(p)));
    this.rounds++;
  }

  private async scan(partition: number): Promise<void> {
    const now = this.time.now();
    const nowMinute = minuteOf(now);
    let cursor = this.cursors.get(partition) ?? (await this.timers.cursor(partition)) ?? nowMinute - this.options.lookbackMinutes;
    let advancing = true;
    for (let minute = cursor; minute <= nowMinute; minute++) {
      if (!this.owned.has(partition)) return;
      let pending = false;
      for (const timer of await this.timers.inBucket(partition, minute)) {
        const outcome = timer.dueAt > now ? 'not yet' : await this.fireTimer.fire(timer, now);
        if (outcome === 'fired') this.firedCount++;
        if (outcome === 'not yet' || outcome === 'raced') pending = true;
      }
      // The cursor passes a minute once it is over (with grace) and nothing in it is left to fire.
      advancing &&= !pending && (minute + 1) * 60_000 + MINUTE_GRACE_MS <= now.getTime();
      if (advancing) cursor = minute + 1;
    }
    if (cursor !== this.cursors.get(partition)) await this.timers.setCursor(partition, cursor);
    this.cursors.set(partition, cursor);
  }
}
