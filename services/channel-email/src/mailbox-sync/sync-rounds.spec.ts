import { syncInRounds, type SyncRoundSteps } from './sync-rounds';

/** A mailbox of `uids` whose publishes the test acknowledges (or fails) by hand. */
function mailbox(failing: Set<number> = new Set()) {
  const checkpoints: number[] = [];
  const published: number[] = [];
  const steps: SyncRoundSteps<number> = {
    fetch: async (uids) => uids,
    ingest: async (uid) => {
      if (failing.has(uid)) throw new Error(`Kafka refused mail ${uid}`);
      published.push(uid);
    },
    advance: async (lastUid) => {
      checkpoints.push(lastUid);
    },
    stopped: () => false,
  };
  return { checkpoints, published, steps };
}

const uids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

it('saves the checkpoint once per round of mails, not once per mail', async () => {
  const { checkpoints, published, steps } = mailbox();
  const last = await syncInRounds(uids(11, 130), 50, 10, steps);
  expect(published).toHaveLength(120);
  expect(checkpoints).toEqual([60, 110, 130]);
  expect(last).toBe(130);
});

it('saves it only after every mail of the round is published: a failed one leaves the round to be read again', async () => {
  const { checkpoints, steps } = mailbox(new Set([75]));
  await expect(syncInRounds(uids(1, 120), 50, 0, steps)).rejects.toThrow('Kafka refused mail 75');
  expect(checkpoints).toEqual([50]);
});

it('waits for the slowest publish of a round before saving', async () => {
  const { checkpoints, steps } = mailbox();
  let acknowledge!: () => void;
  const slow = new Promise<void>((resolve) => (acknowledge = resolve));
  const syncing = syncInRounds(uids(1, 3), 50, 0, {
    ...steps,
    ingest: (uid) => (uid === 2 ? slow : Promise.resolve()),
  });
  await new Promise((r) => setImmediate(r));
  expect(checkpoints).toEqual([]);
  acknowledge();
  await syncing;
  expect(checkpoints).toEqual([3]);
});

it('stops between rounds and keeps the checkpoint of the last one saved', async () => {
  const { checkpoints, steps } = mailbox();
  let rounds = 0;
  const last = await syncInRounds(uids(1, 120), 50, 0, { ...steps, stopped: () => rounds++ >= 1 });
  expect(checkpoints).toEqual([50]);
  expect(last).toBe(50);
});

it("publishes the next round while a round's checkpoint is saved, and saves the checkpoints in order", async () => {
  const { published, steps } = mailbox();
  const saves: number[] = [];
  let finishFirstSave!: () => void;
  const firstSave = new Promise<void>((resolve) => (finishFirstSave = resolve));
  const syncing = syncInRounds(uids(1, 100), 50, 0, {
    ...steps,
    advance: async (lastUid) => {
      saves.push(lastUid);
      if (lastUid === 50) await firstSave;
    },
  });
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  // The second round is out while the first one's checkpoint is still being saved, and its own save waits.
  expect(published).toHaveLength(100);
  expect(saves).toEqual([50]);
  finishFirstSave();
  expect(await syncing).toBe(100);
  expect(saves).toEqual([50, 100]);
});

it('answers only a checkpoint whose save ended, and reports a failed save', async () => {
  const { steps } = mailbox();
  await expect(
    syncInRounds(uids(1, 100), 50, 0, {
      ...steps,
      advance: async (lastUid) => {
        if (lastUid === 100) throw new Error('store away');
      },
    }),
  ).rejects.toThrow('store away');
});
