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
  /**
   * One sender's decisions one after another (a fetched batch is ingested
   * concurrently, and check-then-count must not interleave); different
   * senders are decided in parallel.
   */
  private readonly queues = new Map<string, Promise<unknown>>();

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
    const decision = (this.queues.get(key) ?? Promise.resolve()).then(() => this.counter.recordIfUnder(key, this.limit));
    const settled = decision.catch(() => undefined);
    this.queues.set(key, settled);
    // Forget the sender once nothing of theirs is pending, so the map does not grow with every sender.
    void settled.then(() => this.queues.get(key) === settled && this.queues.delete(key));
    return decision;
  }
}

/**
 * Counts each mail against its sender's limit once: a round that failed
 * before its checkpoint moved reads the same mails again, and those re-reads
 * must not use up an innocent sender's allowance. Per mailbox worker; a mail
 * is forgotten once the checkpoint is past it.
 */
export class OncePerMail {
  private readonly counted = new Set<string>();

  constructor(private readonly limit: Pick<SenderRateLimit, 'admit'>) {}

  async admit(mailKey: string, workspaceId: string, sender: string): Promise<boolean> {
    if (this.counted.has(mailKey)) return true;
    const admitted = await this.limit.admit(workspaceId, sender);
    if (admitted) this.counted.add(mailKey);
    return admitted;
  }

  /** The checkpoint has moved past these mails: they are never read again. */
  settled(mailKeys: string[]): void {
    for (const key of mailKeys) this.counted.delete(key);
  }
}
