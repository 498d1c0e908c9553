import { DueMailFinder, dueSlotOf, type DueSlotSource } from './due-mail-finder';
import type { OutboxDoc } from './outbox.repository';

const at = (time: string) => new Date(`2026-12-06T${time}Z`);

/** An outbox in memory that records how the finder reads it. */
function outbox() {
  const mails = new Map<string, OutboxDoc>();
  /** `mails`: those the store reads for the bucket lookups, whatever their limit (as FerretDB 1.x does). */
  const reads = { slots: [] as number[], whole: 0, mails: 0 };
  const source: DueSlotSource = {
    inSlot: async (slot, limit) => {
      reads.slots.push(slot);
      const inSlot = [...mails.values()].filter((m) => m.dueSlot === slot);
      reads.mails += inSlot.length;
      return inSlot.slice(0, limit);
    },
    slotsInUse: async () => {
      reads.whole++;
      return [...new Set([...mails.values()].map((m) => m.dueSlot))];
    },
  };
  const put = (id: string, due: Date) => mails.set(id, { _id: id, nextAttemptAt: due, dueSlot: dueSlotOf(due) } as OutboxDoc);
  return { mails, reads, source, put };
}

const ids = (docs: OutboxDoc[]) => docs.map((d) => d._id).sort();
/** The buckets from the one of `from` to the one of `to`, both included. */
const slotsBetween = (from: string, to: string) =>
  Array.from({ length: dueSlotOf(at(to)) - dueSlotOf(at(from)) + 1 }, (_, i) => dueSlotOf(at(from)) + i);
const FIVE_MINUTES = 5 * 60_000;

it('finds mail waiting from before a restart, then reads only the buckets since the last one it passed', async () => {
  const box = outbox();
  box.put('old', at('08:00:10')); // two hours before the restart
  const finder = new DueMailFinder(box.source, FIVE_MINUTES);
  expect(ids(await finder.due(at('10:00:00'), 10))).toEqual(['old']);
  expect(box.reads.whole).toBe(1);
  // The old mail's bucket and now's: not the 7,200 empty ones between them.
  expect(box.reads.slots).toEqual([dueSlotOf(at('08:00:10')), dueSlotOf(at('10:00:00'))]);

  box.mails.delete('old'); // sent and retired
  box.put('new', at('10:00:25'));
  box.reads.slots = [];
  expect(ids(await finder.due(at('10:00:26'), 10))).toEqual(['new']);
  expect(box.reads.slots).toEqual([dueSlotOf(at('08:00:10')), ...slotsBetween('10:00:00', '10:00:26')]);

  box.reads.slots = [];
  await finder.due(at('10:00:27'), 10);
  // 08:00:10 is empty and forgotten; up to 10:00:20 the buckets are over (by the grace of five seconds) and empty, so passed.
  expect(box.reads.slots).toEqual(slotsBetween('10:00:21', '10:00:27'));
  expect(box.reads.whole).toBe(1);
});

it('leaves a retry for later until its time has come', async () => {
  const box = outbox();
  const finder = new DueMailFinder(box.source, FIVE_MINUTES);
  await finder.due(at('10:00:00'), 10);
  box.put('retry', at('10:02:35'));
  expect(await finder.due(at('10:01:00'), 10)).toEqual([]);
  expect(await finder.due(at('10:02:31'), 10)).toEqual([]);
  expect(ids(await finder.due(at('10:02:35'), 10))).toEqual(['retry']);
});

it('gives no more than asked, and keeps a bucket whose mail is not yet taken', async () => {
  const box = outbox();
  const finder = new DueMailFinder(box.source, FIVE_MINUTES);
  await finder.due(at('10:00:00'), 10);
  for (let i = 0; i < 5; i++) box.put(`m${i}`, at(`10:00:0${i}`));
  expect(await finder.due(at('10:04:00'), 3)).toHaveLength(3);
  expect(await finder.due(at('10:04:00'), 10)).toHaveLength(5);
});

it('looks at the whole outbox again after the sweep interval, for mail written behind its cursor', async () => {
  const box = outbox();
  const finder = new DueMailFinder(box.source, FIVE_MINUTES);
  await finder.due(at('10:10:00'), 10);
  box.put('late', at('10:01:00')); // by another instance, its clock behind
  expect(await finder.due(at('10:11:00'), 10)).toEqual([]);
  expect(ids(await finder.due(at('10:15:00'), 10))).toEqual(['late']);
  expect(box.reads.whole).toBe(2);
});

it('a backlog of 2,000 mails requested over ten seconds: a round of 200 reads a few buckets, not all the mails', async () => {
  const box = outbox();
  const finder = new DueMailFinder(box.source, FIVE_MINUTES);
  await finder.due(at('10:00:00'), 10);
  for (let i = 0; i < 2000; i++) box.put(`m${i}`, new Date(at('10:00:00').getTime() + i * 5));
  box.reads.mails = 0;
  const found = await finder.due(at('10:00:30'), 200);
  expect(ids(found)).toEqual(ids(Array.from({ length: 200 }, (_, i) => ({ _id: `m${i}` }) as OutboxDoc)));
  // One second's 200 mails (and the next bucket's while it looks no further), not the backlog's 2,000.
  expect(box.reads.mails).toBeLessThanOrEqual(400);
});
