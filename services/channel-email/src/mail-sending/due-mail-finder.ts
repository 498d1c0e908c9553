import type { OutboxDoc } from './outbox.repository';

const MINUTE_MS = 60_000;
/** The minute bucket of a mail due at `at`: the equality the sender looks mail up by. */
export const dueMinuteOf = (at: Date) => Math.floor(at.getTime() / MINUTE_MS);

/** A minute is left behind only this long after it ended: a mail written late into it (another instance's clock) is still found. */
const MINUTE_GRACE_MS = 5_000;

export interface DueMinuteSource {
  /** Up to `limit` mails of one minute bucket (a point lookup by `dueMinute`). */
  inMinute(minute: number, limit: number): Promise<OutboxDoc[]>;
  /** The earliest minute holding mail, or null when the outbox is empty (reads the whole outbox: rare). */
  oldestMinute(): Promise<number | null>;
}

/**
 * Finds the outbox's due mail by minute buckets — equalities FerretDB 1.x
 * answers from an index — instead of a `nextAttemptAt <= now` range it would
 * answer by reading every waiting mail. It reads the buckets from its cursor
 * up to now and passes a minute once it is over and empty (mails leave their
 * bucket when retired or rescheduled). The cursor lives in memory: at start,
 * and every `sweepEveryMs` as a safety net, it goes back to the oldest minute
 * in the outbox, so nothing waiting is missed after a restart.
 */
export class DueMailFinder {
  private cursor: number | null = null;
  private sweptAt = -Infinity;

  constructor(
    private readonly source: DueMinuteSource,
    private readonly sweepEveryMs: number,
  ) {}

  /** Up to `limit` mails due at `now`, oldest minutes first. */
  async due(now: Date, limit: number): Promise<OutboxDoc[]> {
    const nowMinute = dueMinuteOf(now);
    if (this.cursor === null || now.getTime() - this.sweptAt >= this.sweepEveryMs) {
      this.cursor = (await this.source.oldestMinute()) ?? nowMinute;
      this.sweptAt = now.getTime();
    }
    const found: OutboxDoc[] = [];
    let advancing = true;
    for (let minute = this.cursor; minute <= nowMinute && found.length < limit; minute++) {
      const inBucket = await this.source.inMinute(minute, limit);
      found.push(...inBucket.filter((doc) => new Date(doc.nextAttemptAt).getTime() <= now.getTime()).slice(0, limit - found.length));
      advancing &&= inBucket.length === 0 && (minute + 1) * MINUTE_MS + MINUTE_GRACE_MS <= now.getTime();
      if (advancing) this.cursor = minute + 1;
    }
    return found;
  }

}
