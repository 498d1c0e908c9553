import { SenderRateLimit, type SenderOccurrence, type SenderOccurrenceStore } from './sender-rate-limit';

/** The store as the repository keeps it: documents by `_id`, an insert of one already there ignored. */
function memoryStore() {
  const docs = new Map<string, SenderOccurrence>();
  const store: SenderOccurrenceStore & { saves: number; failNext: boolean } = {
    saves: 0,
    failNext: false,
    ofMailbox: async (mailboxId) => [...docs.values()].filter((d) => d.mailboxId === mailboxId),
    save: async (added, expired) => {
      if (store.failNext) {
        store.failNext = false;
        throw new Error('store away');
      }
      store.saves++;
      for (const doc of added) if (!docs.has(doc._id)) docs.set(doc._id, doc);
      for (const id of expired) docs.delete(id);
    },
  };
  return { store, docs };
}

const WINDOW_MS = 600_000;
const t0 = Date.parse('2026-12-07T10:00:00Z');

it('admits `limit` mails per sender within the window, counting a mail read again only once', async () => {
  const { store } = memoryStore();
  const limit = new SenderRateLimit(store, 'bok', 2, WINDOW_MS);
  await limit.load();
  // A round of two mails from one sender is read three more times (a failed round).
  for (let round = 0; round < 4; round++) {
    expect(limit.admit('7:1', 'Jan@klient.pl', t0)).toBe(true);
    expect(limit.admit('7:2', 'jan@klient.pl', t0 + 1)).toBe(true);
  }
  // A third mail is the third: over the limit of two, however often it is read.
  expect(limit.admit('7:3', 'jan@klient.pl', t0 + 2)).toBe(false);
  expect(limit.admit('7:3', 'jan@klient.pl', t0 + 3)).toBe(false);
  // Another sender is untouched.
  expect(limit.admit('7:4', 'ola@klient.pl', t0 + 4)).toBe(true);
  // Once the first mail leaves the window, one more fits.
  expect(limit.admit('7:5', 'jan@klient.pl', t0 + WINDOW_MS)).toBe(true);
  expect(limit.admit('7:6', 'jan@klient.pl', t0 + WINDOW_MS)).toBe(false);
});

it('saves the counts with each flush, so a new owner goes on from them and a re-read round is not counted again', async () => {
  const { store, docs } = memoryStore();
  const first = new SenderRateLimit(store, 'bok', 3, WINDOW_MS);
  await first.load();
  expect([first.admit('7:1', 'jan@klient.pl', t0), first.admit('7:2', 'jan@klient.pl', t0)]).toEqual([true, true]);
  // The store is away at the first flush: nothing is lost, the next one saves it all.
  store.failNext = true;
  await expect(first.flush(t0)).rejects.toThrow('store away');
  await first.flush(t0);
  expect(docs.size).toBe(2);
  expect(store.saves).toBe(1);

  // The owner died before its checkpoint moved; the next one reads the round again and then one more mail.
  const next = new SenderRateLimit(store, 'bok', 3, WINDOW_MS);
  await next.load(t0 + 10);
  expect(next.admit('7:1', 'jan@klient.pl', t0 + 10)).toBe(true);
  expect(next.admit('7:2', 'jan@klient.pl', t0 + 10)).toBe(true);
  expect(next.admit('7:3', 'jan@klient.pl', t0 + 10)).toBe(true);
  expect(next.admit('7:4', 'jan@klient.pl', t0 + 10)).toBe(false);
  // Another mailbox's counts are its own.
  const other = new SenderRateLimit(store, 'sklep', 3, WINDOW_MS);
  await other.load(t0 + 10);
  expect(other.admit('9:1', 'jan@klient.pl', t0 + 10)).toBe(true);

  // Out of the window, the documents go with the next flush, and the sender is counted from zero again.
  await next.flush(t0 + 20);
  expect([...docs.values()].filter((d) => d.mailboxId === 'bok')).toHaveLength(3);
  await next.flush(t0 + WINDOW_MS + 20);
  expect([...docs.values()].filter((d) => d.mailboxId === 'bok')).toHaveLength(0);
  expect(next.admit('7:5', 'jan@klient.pl', t0 + WINDOW_MS + 30)).toBe(true);
});

it('drops documents already out of the window when it loads them', async () => {
  const { store, docs } = memoryStore();
  const old = new SenderRateLimit(store, 'bok', 1, 1000);
  await old.load();
  expect(old.admit('7:1', 'jan@klient.pl', Date.now() - 5000)).toBe(true);
  await old.flush(Date.now() - 5000);
  expect(docs.size).toBe(1);

  const next = new SenderRateLimit(store, 'bok', 1, 1000);
  await next.load();
  expect(next.admit('7:2', 'jan@klient.pl')).toBe(true);
  await next.flush();
  expect([...docs.values()].map((d) => d.mailKey)).toEqual(['7:2']);
});
