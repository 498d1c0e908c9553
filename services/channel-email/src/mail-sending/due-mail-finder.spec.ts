import { DueMailFinder, dueMinuteOf, type DueMinuteSource } from './due-mail-finder';
import type { OutboxDoc } from './outbox.repository';

const at = (iso: string) => new Date(`${iso}Z`);

/** An outbox in memory that counts how the finder reads it. */
function outbox() {
  const mails = new Map<string, OutboxDoc>();
  const reads = { buckets: [] as number[], whole: 0 };
  const source: DueMinuteSource = {
    inMinute: async (minute, limit) => {
      reads.buckets.push(minute);
      return [...mails.values()].filter((m) => m.dueMinute === minute).slice(0, limit);
    },
    oldestMinute: async () => {
      reads.whole++;
      const minutes = [...mails.values()].map((m) => m.dueMinute);
      return minutes.length ? Math.min(...minutes) : null;
    },
  };
  const put = (id: string, due: Date) =>
    mails.set(id, { _id: id, nextAttemptAt: due, dueMinute: dueMinuteOf(due) } as OutboxDoc);
  return { mails, reads, source, put };
}

const ids = (docs: OutboxDoc[]) => docs.map((d) => d._id).sort();

it('finds mail waiting from before a restart, then reads only the buckets from its cursor', async () => {
  const box = outbox();
  box.put('old', at('2026-12-06T10:00:10'));
  const finder = new DueMailFinder(box.source, 5 * 60_000);
  expect(ids(await finder.due(at('2026-12-06T10:03:20'), 10))).toEqual(['old']);
  expect(box.reads.whole).toBe(1);

  box.mails.delete('old'); // sent and retired
  box.put('new', at('2026-12-06T10:03:30'));
  box.reads.buckets = [];
  expect(ids(await finder.due(at('2026-12-06T10:03:40'), 10))).toEqual(['new']);
  // 10:00 was kept (it held mail last round); now empty, it is passed, and so are 10:01–10:02.
  const ten = dueMinuteOf(at('2026-12-06T10:00:00'));
  expect(box.reads.buckets).toEqual([ten, ten + 1, ten + 2, ten + 3]);

  box.reads.buckets = [];
  await finder.due(at('2026-12-06T10:03:50'), 10);
  expect(box.reads.buckets).toEqual([ten + 3]);
  expect(box.reads.whole).toBe(1);
});

it('leaves a retry for later until its time has come', async () => {
  const box = outbox();
  box.put('retry', at('2026-12-06T10:05:30'));
  const finder = new DueMailFinder(box.source, 5 * 60_000);
  expect(await finder.due(at('2026-12-06T10:02:00'), 10)).toEqual([]);
  expect(await finder.due(at('2026-12-06T10:05:10'), 10)).toEqual([]);
  expect(ids(await finder.due(at('2026-12-06T10:05:30'), 10))).toEqual(['retry']);
});

it('keeps a minute whose mail is held elsewhere, and gives no more than asked', async () => {
  const box = outbox();
  for (let i = 0; i < 5; i++) box.put(`m${i}`, at('2026-12-06T10:00:0' + i));
  const finder = new DueMailFinder(box.source, 5 * 60_000);
  expect(await finder.due(at('2026-12-06T10:04:00'), 3)).toHaveLength(3);
  expect(await finder.due(at('2026-12-06T10:04:00'), 10)).toHaveLength(5);
});

it('looks at the whole outbox again after the sweep interval, for mail written behind its cursor', async () => {
  const box = outbox();
  const finder = new DueMailFinder(box.source, 5 * 60_000);
  await finder.due(at('2026-12-06T10:10:00'), 10);
  box.put('late', at('2026-12-06T10:01:00')); // another instance, its clock behind
  expect(await finder.due(at('2026-12-06T10:11:00'), 10)).toEqual([]);
  expect(ids(await finder.due(at('2026-12-06T10:15:00'), 10))).toEqual(['late']);
  expect(box.reads.whole).toBe(2);
});
