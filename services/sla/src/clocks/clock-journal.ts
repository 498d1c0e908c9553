import type { EventPublisher } from '@threadline/kafka';
import { minuteOf } from '@threadline/persistence';
import type { SlaSummary } from '@threadline/contracts';
import { dueTimers, summarize } from './sla-clock';
import type { SlaClockDoc, SlaClockRepository } from './sla-clock.repository';
import { bucketOf, timerId, type SlaTimerDoc, type SlaTimerRepository } from './sla-timer.repository';
import type { TimeSource } from './time-source';

/** Told of the timers a write keeps and drops (the timer poller holds the due ones in memory). */
export interface TimerWatcher {
  offer(timers: SlaTimerDoc[]): void;
  forget(ids: string[]): void;
}

/**
 * Writes a clock with its timers and tells Kafka, in the order that survives a
 * crash at any step: new timers first (a timer without its clock is found
 * stale when it fires), then the event (re-sent under the same id if the
 * write is retried), then the clock under its revision (a lost race means the
 * caller reads again), then the timers it no longer wants are dropped. The
 * watcher hears of the timers only once the clock that wants them is saved.
 */
export class ClockJournal {
  private watcher: TimerWatcher | null = null;

  constructor(
    readonly clocks: SlaClockRepository,
    readonly timers: SlaTimerRepository,
    readonly publisher: EventPublisher,
    private readonly time: TimeSource,
  ) {}

  watch(watcher: TimerWatcher): void {
    this.watcher = watcher;
  }

  async write(
    next: SlaClockDoc,
    previous: SlaClockDoc | null,
    announce: (summary: SlaSummary) => Promise<unknown>,
  ): Promise<boolean> {
    const timers = timerDocsOf(next, this.time.now());
    next.timerIds = timers.map((t) => t._id);
    await this.timers.put(timers);
    await announce(summaryOf(next));
    const saved = previous ? await this.clocks.replace(next, previous.revision) : await this.clocks.create(next);
    if (!saved) return false;
    this.watcher?.offer(timers);
    const dropped = (previous?.timerIds ?? []).filter((id) => !next.timerIds.includes(id));
    await this.timers.remove(dropped);
    this.watcher?.forget(dropped);
    return true;
  }
}

/** A clock's timers as stored. One already due goes into the current minute's bucket: the poller may have passed its own minute. */
export function timerDocsOf(doc: SlaClockDoc, now: Date): SlaTimerDoc[] {
  const nowMinute = minuteOf(now);
  return dueTimers(doc.clock).map((t) => ({
    _id: timerId(doc._id, t),
    ticketId: doc._id,
    workspaceId: doc.workspaceId,
    target: t.target,
    kind: t.kind,
    cycle: t.cycle,
    dueAt: t.at,
    bucket: bucketOf(doc.partition, Math.max(minuteOf(t.at), nowMinute)),
  }));
}

export function summaryOf(doc: SlaClockDoc): SlaSummary {
  const { state, dueAt } = summarize(doc.clock);
  return { state, dueAt: dueAt?.toISOString() ?? null, revision: doc.revision };
}
