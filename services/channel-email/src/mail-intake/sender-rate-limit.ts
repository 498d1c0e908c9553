import type { Connection } from 'mongoose';
import { WindowCounter } from '@threadline/persistence';

/**
 * Stops a mail storm (a looping autoresponder, a script) from flooding the
 * queue: past `limit` mails from one sender to one workspace within the
 * window, further mails are not turned into contacts. They are kept raw with
 * the reason, so nothing is lost and an admin can still read them.
 */
export class SenderRateLimit {
  private readonly counter: WindowCounter;
  /** Decisions one after another: a fetched batch is ingested concurrently, and check-then-count must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    connection: Connection,
    private readonly limit: number,
    windowSeconds: number,
  ) {
    this.counter = new WindowCounter(connection, 'sender_mail_counts', windowSeconds);
  }

  /** Counts this mail; true when it is within the limit. */
  admit(workspaceId: string, sender: string): Promise<boolean> {
    const key = `${workspaceId}:${sender.toLowerCase()}`;
    const decision = this.queue.then(async () => {
      if ((await this.counter.waitSeconds(key, this.limit)) > 0) return false;
      await this.counter.record([key]);
      return true;
    });
    this.queue = decision.catch(() => undefined);
    return decision;
  }
}
