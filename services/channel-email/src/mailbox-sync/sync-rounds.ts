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
 * every one of them is acknowledged — one store write per round, not per mail.
 * A round's checkpoint is saved while the next round is fetched and published
 * (its store round trips were a third of a backlog's sync time), and before
 * the next one's: checkpoints stay in order, and a crash re-reads at most two
 * rounds (tickets dedupes them by Message-ID). Answers the last UID saved,
 * once every save started has ended.
 */
export async function syncInRounds<M>(uids: number[], batchSize: number, lastUid: number, steps: SyncRoundSteps<M>) {
  let saved = lastUid;
  let saving: Promise<void> = Promise.resolve();
  try {
    for (const round of chunk(uids, batchSize)) {
      if (steps.stopped()) break;
      const mails = await steps.fetch(round);
      await Promise.all(mails.map((mail) => steps.ingest(mail)));
      // The previous round's save first (its failure ends the sync here, this round read again next time).
      await saving;
      const upTo = Math.max(saved, ...round);
      saving = steps.advance(upTo, round).then(() => {
        saved = upTo;
      });
      // Awaited before the next save or at the end; not left unobserved meanwhile.
      saving.catch(() => undefined);
    }
  } finally {
    // A round that failed still lets the save before it end (and reports its own failure, not the save's).
    await saving.catch(() => undefined);
  }
  await saving;
  return saved;
}
