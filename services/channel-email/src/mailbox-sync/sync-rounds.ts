import { chunk } from './sync-plan';

/** What one sync round does with the store, the mail server and the bus. */
export interface SyncRoundSteps<M> {
  /** The mails of these UIDs (one IMAP FETCH). */
  fetch: (uids: number[]) => Promise<M[]>;
  /** Turns one mail into a contact (or sets it aside); resolves once Kafka acknowledged it. */
  ingest: (mail: M) => Promise<void>;
  /** Saves the checkpoint past the round's highest UID (`round`: the UIDs it took). */
  advance: (lastUid: number, round: number[]) => Promise<void>;
  /** Checked before each round: a stopping worker leaves the rest for the next start. */
  stopped: () => boolean;
}

/**
 * Ingests pending UIDs a round of `batchSize` at a time: a round's mails are
 * published together, and the checkpoint is saved once per round, only after
 * every one of them is acknowledged — one store write per round, not per mail,
 * and a crash re-reads at most that round (tickets dedupes it by Message-ID).
 * Answers the last UID saved.
 */
export async function syncInRounds<M>(uids: number[], batchSize: number, lastUid: number, steps: SyncRoundSteps<M>) {
  let saved = lastUid;
  for (const round of chunk(uids, batchSize)) {
    if (steps.stopped()) break;
    const mails = await steps.fetch(round);
    await Promise.all(mails.map((mail) => steps.ingest(mail)));
    saved = Math.max(saved, ...round);
    await steps.advance(saved, round);
  }
  return saved;
}
