// The tickets service, run as the platform runs it (its own process), gets
// SIGTERM while contacts keep arriving: it finishes its in-flight work and
// exits on its own within SHUTDOWN_TIMEOUT_MS; a new instance in the same
// consumer group takes over, and every contact is on a timeline exactly once.
import { TOPICS } from '@threadline/contracts';
import type { Connection } from 'mongoose';
import { connectMongo } from '@threadline/persistence';
import {
  buildContact,
  commonTestEnv,
  consumerGroupStartingNow,
  startServiceProcess,
  testPublisher,
  uniqueName,
  waitFor,
  type ServiceProcess,
} from '@threadline/testing';

const CUSTOMERS = 40;
const CONTACTS = 400;
/** Contacts per second, steady, whatever the service is doing. */
const RATE = 20;

const publisher = testPublisher('test');
const ws = uniqueName('ws');
const instances: ServiceProcess[] = [];
let env: Record<string, string>;
let store: Connection;

const messageCount = () => store.collection('timeline').countDocuments({ workspaceId: ws, kind: 'message' });

/** Contact n: an SMS from customer n % 40, in Polish. */
function publishContact(n: number) {
  const phone = `+48601${String(300000 + (n % CUSTOMERS))}`;
  const contact = buildContact('sms', [{ kind: 'phone', value: phone }], {
    text: `Dzień dobry, wiadomość ${n}: przesyłka jeszcze nie dotarła — zażółć gęślą jaźń`,
    providerMessageId: `SM-${ws}-${n}`,
  });
  return publisher.publish('contact.received.v1', { workspaceId: ws, key: `phone:${phone}`, payload: contact });
}

/** Offers CONTACTS at RATE/s on its own schedule; resolves when all are published. */
async function steadyLoad(): Promise<void> {
  const started = Date.now();
  const sends: Promise<unknown>[] = [];
  for (let n = 0; n < CONTACTS; n++) {
    const due = started + (n * 1000) / RATE;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    sends.push(publishContact(n));
  }
  await Promise.all(sends);
}

beforeAll(async () => {
  env = {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  };
  store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  await publisher.connect();
}, 120_000);

afterAll(async () => {
  await publisher.disconnect();
  await store?.close();
  await Promise.all(instances.map((i) => i.terminate()));
});

it('finishes in-flight work on SIGTERM within the shutdown timeout, and a new instance loses and doubles nothing', async () => {
  instances.push(await startServiceProcess('tickets', env));
  const load = steadyLoad();
  // Under load: the first instance is handling contacts when the signal comes.
  await waitFor('the first instance to handle contacts', async () => (await messageCount()) >= 40, {
    timeoutMs: 120_000,
    intervalMs: 200,
  });
  const exit = await instances[0].terminate();
  // It finished on its own: Nest closes the app and re-raises the signal (or exits 0); the
  // SHUTDOWN_TIMEOUT_MS guard would exit with code 1.
  expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
  // A generous bound on the contract (10 s timeout + process exit), not a speed target.
  expect(exit.ms).toBeLessThan(Number(env.SHUTDOWN_TIMEOUT_MS) + 5000);
  const handledByFirst = await messageCount();
  expect(handledByFirst).toBeLessThan(CONTACTS); // the rest is for the second instance

  instances.push(await startServiceProcess('tickets', env));
  await load;
  await waitFor('every contact on a timeline', async () => (await messageCount()) >= CONTACTS, {
    timeoutMs: 300_000,
    intervalMs: 1000,
  });
  // Settled: a redelivered contact handled twice would show up as an extra entry.
  await new Promise((r) => setTimeout(r, 3000));
  const entries = await store
    .collection('timeline')
    .find({ workspaceId: ws, kind: 'message' }, { projection: { providerMessageId: 1 } })
    .toArray();
  const perContact = new Map<string, number>();
  for (const e of entries) perContact.set(String(e.providerMessageId), (perContact.get(String(e.providerMessageId)) ?? 0) + 1);
  const expected = Array.from({ length: CONTACTS }, (_, n) => `SM-${ws}-${n}`);
  expect(expected.filter((id) => !perContact.has(id))).toEqual([]); // 0 lost
  expect([...perContact].filter(([, count]) => count > 1)).toEqual([]); // 0 doubled
  expect(entries).toHaveLength(CONTACTS);
}, 600_000);
