// WindowCounter on the real store: exact under concurrent writers, sliding, per key.
import { connectMongo, WindowCounter } from '@threadline/persistence';
import { commonTestEnv } from '@threadline/testing';

const env = commonTestEnv('window-counter');
let connection: Awaited<ReturnType<typeof connectMongo>>;

beforeAll(async () => {
  connection = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
});
afterAll(() => connection?.close());

it('counts exactly when several instances record the same key at once', async () => {
  // Two counters on one collection stand for two service instances.
  const a = new WindowCounter(connection, 'concurrent', 600);
  const b = new WindowCounter(connection, 'concurrent', 600);
  await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).record(['sender@klient.pl'])));
  expect(await a.waitSeconds('sender@klient.pl', 31)).toBe(0);
  expect(await a.waitSeconds('sender@klient.pl', 30)).toBeGreaterThan(0);
});

it('forgets occurrences that left the window, and keeps keys apart', async () => {
  const counter = new WindowCounter(connection, 'sliding', 2);
  await counter.record(['a', 'b']);
  await counter.record(['a']);
  expect(await counter.waitSeconds('a', 2)).toBeGreaterThan(0);
  expect(await counter.waitSeconds('b', 2)).toBe(0);
  await new Promise((r) => setTimeout(r, 2100));
  expect(await counter.waitSeconds('a', 1)).toBe(0);
  await counter.record(['a']);
  await counter.clear('a');
  expect(await counter.waitSeconds('a', 1)).toBe(0);
});
