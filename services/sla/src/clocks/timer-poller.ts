import type { Logger } from '@threadline/observability';
import type { FireTimer } from './fire-timer.usecase';
import { minuteOf } from '@threadline/persistence';
import { bucketMinuteOf, bucketPartitionOf, type SlaTimerDoc, type SlaTimerRepository } from './sla-timer.repository';
import type { TimeSource } from './time-source';

/** A minute is left behind only this long after it ended: a timer written late into it is still found. */
const MINUTE_GRACE_MS = 5_000;
/** A fire that failed (the store or Kafka away) is tried again after this long. */
const RETRY_MS = 1_000;
/** setTimeout's longest delay; a later timer is armed again when this one wakes. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface PollerOptions {
  /** How often the owned partitions' buckets are read again (timers written by another instance, the cursor). */
  pollMs: number;
  lookbackMinutes: number;
  /** Tickets whose timers fire at the same time (a ticket's own timers go in order). */
  concurrency: number;
}

/**
 * Fires the due timers of the ticket-topic partitions this instance holds,
 * so each ticket's timers have one owner at a time, handed over with the
 * partition on a rebalance. The timers of the owned partitions due up to the
 * end of the next minute are held in memory — read by bucket (equality
 * lookups) from the partition's stored cursor, and offered directly by this
 * instance's own clock writes — and one setTimeout is armed for the earliest,
 * so a timer fires at its moment instead of at the next poll. Every `pollMs`
 * the buckets are read again (a timer written by the partition's previous
 * owner is found) and the cursor moves past a minute once it is over and
 * nothing of it is left to fire; a restart or a new owner starts from there.
 */
export class TimerPoller {
  private owned = new Set<number>();
  private readonly cursors = new Map<number, number>();
  /** Per partition, the last minute whose bucket is read into `due` (later timers wait for a round). */
  private readonly loadedThrough = new Map<number, number>();
  private readonly due = new Map<string, SlaTimerDoc>();
  private readonly notBefore = new Map<string, number>();
  private readonly firing = new Set<string>();
  private wake: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = true;
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

  /** How many timers are held in memory now. */
  get held(): number {
    return this.due.size;
  }

  /** The partitions of the ticket topic this instance now holds (none during a rebalance). */
  assign(partitions: number[]): void {
    this.owned = new Set(partitions);
    for (const p of [...this.cursors.keys()]) if (!this.owned.has(p)) this.cursors.delete(p);
    for (const p of [...this.loadedThrough.keys()]) if (!this.owned.has(p)) this.loadedThrough.delete(p);
    for (const [id, timer] of this.due) if (!this.owned.has(bucketPartitionOf(timer.bucket))) this.due.delete(id);
    this.logger.info({ partitions }, 'SLA timer partitions assigned');
    // The new partitions' timers are read now, not at the next round.
    if (!this.stopped) this.schedulePoll(0);
  }

  /** Timers this instance has just written: held at once when their minute is already read. */
  offer(timers: SlaTimerDoc[]): void {
    for (const timer of timers) {
      const partition = bucketPartitionOf(timer.bucket);
      if (!this.owned.has(partition) || bucketMinuteOf(timer.bucket) > (this.loadedThrough.get(partition) ?? -Infinity)) continue;
      this.due.set(timer._id, timer);
    }
    this.arm();
  }

  /** Timers this instance has just dropped (their clock no longer wants them). */
  forget(ids: string[]): void {
    for (const id of ids) this.due.delete(id);
  }

  start(): void {
    this.stopped = false;
    this.schedulePoll(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearTimeout(this.poll);
    if (this.wake) clearTimeout(this.wake);
    await this.running;
    await Promise.all(this.inFlight);
  }

  private schedulePoll(delayMs: number): void {
    if (this.poll) clearTimeout(this.poll);
    this.poll = setTimeout(() => {
      if (this.stopped) return;
      if (this.running) return this.schedulePoll(this.options.pollMs);
      this.running = this.tick()
        .catch((error) => this.logger.warn({ err: error }, 'SLA timer poll failed; next poll retries'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedulePoll(this.options.pollMs);
        });
    }, delayMs);
  }

  /** A round: read the owned partitions' buckets, fire what is due, move the cursors. */
  async tick(): Promise<void> {
    const started = this.time.now();
    await Promise.all([...this.owned].map((p) => this.load(p, started)));
    this.fireDue();
    // Not waiting for the fires: a round keeps reading and moving the cursors however long a fire takes
    // (a timer being fired is still held, so the cursor does not pass its minute).
    await Promise.all([...this.owned].map((p) => this.moveCursor(p, started)));
    this.rounds++;
  }

  private async load(partition: number, now: Date): Promise<void> {
    const through = minuteOf(now) + 1;
    const cursor =
      this.cursors.get(partition) ?? (await this.timers.cursor(partition)) ?? minuteOf(now) - this.options.lookbackMinutes;
    for (let minute = cursor; minute <= through; minute++) {
      const timers = await this.timers.inBucket(partition, minute);
      if (!this.owned.has(partition)) return;
      for (const timer of timers) if (!this.firing.has(timer.ticketId)) this.due.set(timer._id, timer);
    }
    this.cursors.set(partition, cursor);
    this.loadedThrough.set(partition, Math.max(through, this.loadedThrough.get(partition) ?? -Infinity));
  }

  /** The cursor passes a minute once it ended (with grace) before this round began and nothing of it is held. */
  private async moveCursor(partition: number, roundStart: Date): Promise<void> {
    const cursor = this.cursors.get(partition);
    if (cursor === undefined || !this.owned.has(partition)) return;
    let next = minuteOf(new Date(roundStart.getTime() - MINUTE_GRACE_MS));
    for (const timer of this.due.values())
      if (bucketPartitionOf(timer.bucket) === partition) next = Math.min(next, bucketMinuteOf(timer.bucket));
    if (next <= cursor) return;
    await this.timers.setCursor(partition, next);
    this.cursors.set(partition, next);
  }

  /** Sets one wake-up for the earliest held timer; none while every slot fires (a finished ticket starts the next). */
  private arm(): void {
    if (this.stopped) return;
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    if (this.firing.size >= this.options.concurrency) return;
    let earliest = Infinity;
    for (const timer of this.due.values()) {
      if (this.firing.has(timer.ticketId)) continue;
      earliest = Math.min(earliest, Math.max(timer.dueAt.getTime(), this.notBefore.get(timer._id) ?? 0));
    }
    if (earliest === Infinity) return;
    this.wake = setTimeout(() => this.fireDue(), Math.min(MAX_DELAY_MS, Math.max(0, earliest - this.time.now().getTime())));
  }

  /** Starts the tickets with a due timer, up to the concurrency; each ticket's due timers in order. */
  private fireDue(): void {
    if (this.stopped) return;
    const now = this.time.now().getTime();
    const byTicket = new Map<string, SlaTimerDoc[]>();
    for (const timer of this.due.values()) {
      if (timer.dueAt.getTime() > now || (this.notBefore.get(timer._id) ?? 0) > now || this.firing.has(timer.ticketId)) continue;
      byTicket.set(timer.ticketId, [...(byTicket.get(timer.ticketId) ?? []), timer]);
    }
    for (const [ticketId, timers] of byTicket) {
      if (this.firing.size >= this.options.concurrency) break;
      this.firing.add(ticketId);
      const job = this.fireTicket(timers.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())).finally(() => {
        this.firing.delete(ticketId);
        this.inFlight.delete(job);
        this.fireDue();
      });
      this.inFlight.add(job);
    }
    this.arm();
  }

  private async fireTicket(timers: SlaTimerDoc[]): Promise<void> {
    for (const [i, timer] of timers.entries()) {
      try {
        const outcome = await this.fireTimer.fire(timer, this.time.now());
        if (outcome === 'fired') this.firedCount++;
        // A lost race with the consumer: the clock is read again at once (the timer may be stale now).
        if (outcome !== 'raced' && this.due.get(timer._id) === timer) this.due.delete(timer._id);
        this.notBefore.delete(timer._id);
      } catch (error) {
        this.logger.warn({ err: error, timerId: timer._id }, 'SLA timer not fired; retrying');
        // The ticket's later timers wait too, so they still go in order.
        const retryAt = this.time.now().getTime() + RETRY_MS;
        for (const later of timers.slice(i)) this.notBefore.set(later._id, retryAt);
        return;
      }
    }
  }
}
