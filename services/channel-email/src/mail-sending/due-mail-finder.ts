import type { OutboxDoc } from './outbox.repository';

/**
 * One second a bucket: a backlog spreads over many small buckets, so a round reads few mails it
 * won't take — FerretDB 1.x applies a find's limit only after reading every match, so a round
 * reads whole buckets (ten-second ones held 2,000 mails of a backlog for a round's 200).
 */
const SLOT_MS = 1_000;
// Ten seconds before 2026-12-07: a mail stored with such a bucket number (ten times smaller) lies
// far behind the cursor, so the sweep lists it (at start, then every `sweepEveryMs`) and it is sent.
/** The bucket of a mail due at `at`: the equality the sender looks mail up by. */
export const dueSlotOf = (at: Date) => Math.floor(at.getTime() / SLOT_MS);

/** A bucket is left behind only this long after it ended: a mail written late into it (another instance's clock) is still found. */
const SLOT_GRACE_MS = 5_000;

export interface DueSlotSource {
  /** Up to `limit` mails of one bucket (a point lookup by `dueSlot`). */
  inSlot(slot: number, limit: number): Promise<OutboxDoc[]>;
  /** Every bucket holding mail (reads the whole outbox: rare). */
  slotsInUse(): Promise<number[]>;
}

/**
 * Finds the outbox's due mail by one-second buckets — equalities FerretDB 1.x
 * answers from an index — instead of a `nextAttemptAt <= now` range it would
 * answer by reading every waiting mail. It reads the buckets from its cursor
 * up to now and passes one once it is over and empty (mails leave their
 * bucket when retired or rescheduled). The cursor lives in memory: at start,
 * and every `sweepEveryMs` as a safety net, one read of the whole outbox lists
 * the buckets in use, and those before the cursor are visited until empty, so
 * nothing waiting is missed after a restart.
 */
export class DueMailFinder {
  private cursor: number | null = null;
  private behind = new Set<number>();
  private sweptAt = -Infinity;

  constructor(
    private readonly source: DueSlotSource,
    private readonly sweepEveryMs: number,
  ) {}

  /** Up to `limit` mails due at `now`, oldest buckets first. */
  async due(now: Date, limit: number): Promise<OutboxDoc[]> {
    const nowSlot = dueSlotOf(now);
    this.cursor ??= nowSlot;
    if (now.getTime() - this.sweptAt >= this.sweepEveryMs) {
      for (const slot of await this.source.slotsInUse()) if (slot < this.cursor) this.behind.add(slot);
      this.sweptAt = now.getTime();
    }
    const found: OutboxDoc[] = [];
    const take = async (slot: number) => {
      const inSlot = await this.source.inSlot(slot, limit);
      found.push(
        ...inSlot.filter((doc) => new Date(doc.nextAttemptAt).getTime() <= now.getTime()).slice(0, limit - found.length),
      );
      return inSlot.length === 0;
    };
    for (const slot of [...this.behind].sort((a, b) => a - b)) {
      if (found.length >= limit) return found;
      if (await take(slot)) this.behind.delete(slot);
    }
    let advancing = true;
    for (let slot = this.cursor; slot <= nowSlot && found.length < limit; slot++) {
      const empty = await take(slot);
      advancing &&= empty && (slot + 1) * SLOT_MS + SLOT_GRACE_MS <= now.getTime();
      if (advancing) this.cursor = slot + 1;
    }
    return found;
  }
}
