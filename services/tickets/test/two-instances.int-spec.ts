// 1,000 contacts from 100 customers over several channels, interleaved and
// partly delivered twice, consumed by two running instances of the tickets
// service sharing one consumer group, on real Kafka and the real store.
import { TOPICS } from '@threadline/contracts';
import type { Connection } from 'mongoose';
import { connectMongo } from '@threadline/persistence';
import {
  buildContact,
  commonTestEnv,
  startService,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  consumerGroupStartingNow,
  testPublisher,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';

const CUSTOMERS = 100;
const CONTACTS_EACH = 10;
const REDELIVERED = 50;

const publisher = testPublisher('test');
const baseEnv = commonTestEnv('tickets');
const ws = uniqueName('ws');
let instances: RunningService[] = [];
let store: Connection;

type ContactPayload = ReturnType<typeof buildContact>;

/** Customer i: an e-mail, a Polish mobile number and a chat visitor id. */
function identitiesOf(i: number) {
  return {
    email: { kind: 'email' as const, value: `klient${i}@example.pl` },
    phone: { kind: 'phone' as const, value: `+48600${100000 + i}` },
    chat: { kind: 'chat' as const, value: `visitor-${i}` },
  };
}

/** Contact k of customer i: the first (a chat where they gave e-mail and phone) links all identities. */
function contactOf(i: number, k: number, start: number): ContactPayload {
  const id = identitiesOf(i);
  const receivedAt = new Date(start + k * 60_000 + i).toISOString();
  const text = `klient ${i} wiadomość ${k}`;
  if (k === 0)
    return buildContact('chat', [id.chat, id.email, id.phone], { text, receivedAt, providerMessageId: `chat-${ws}-${i}-0` });
  const channel = (['email', 'sms', 'voice', 'chat'] as const)[k % 4];
  const from = channel === 'email' ? [id.email] : channel === 'chat' ? [id.chat] : [id.phone];
  return buildContact(channel, from, {
    text,
    receivedAt,
    providerMessageId: `${channel}-${ws}-${i}-${k}`,
    subject: channel === 'email' ? 'Zamówienie' : null,
  });
}

function publish(contact: ContactPayload) {
  return publisher.publish('contact.received.v1', { workspaceId: ws, key: contact.from[0].value, payload: contact });
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

beforeAll(async () => {
  // Both instances: one database, one consumer group.
  const env = { ...baseEnv, TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]) };
  instances = await Promise.all([startService(ticketsService, env), startService(ticketsService, env)]);
  store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  await publisher.connect();
});

afterAll(async () => {
  await publisher.disconnect();
  await store?.close();
  await Promise.all(instances.map((i) => i.close()));
});

it('ends with exactly one ticket per customer, every contact once, in order', async () => {
  const start = Date.now() - 2 * 3600_000;
  // Each customer's linking first contact goes first; the other 900 follow interleaved across customers and channels.
  await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => publish(contactOf(i, 0, start))));
  // Done when their tickets are written (a batch writes a new ticket's entries first): a later contact
  // arriving meanwhile on another partition could open the ticket itself, and be acknowledged as its opener.
  await waitFor(
    'the 100 first contacts, each on its ticket',
    async () => (await store.collection('tickets').countDocuments({ workspaceId: ws })) === CUSTOMERS,
    { timeoutMs: 120_000 },
  );
  const rest = shuffled(
    Array.from({ length: CUSTOMERS * (CONTACTS_EACH - 1) }, (_, n) =>
      contactOf(n % CUSTOMERS, 1 + Math.floor(n / CUSTOMERS), start),
    ),
  );
  const redelivered = shuffled(rest).slice(0, REDELIVERED);
  await Promise.all([...rest, ...redelivered].map(publish));

  const contactsStored = () =>
    store.collection('timeline').countDocuments({ workspaceId: ws, kind: 'message', direction: 'inbound' });
  await waitFor('all 1,000 contacts on timelines', async () => (await contactsStored()) >= CUSTOMERS * CONTACTS_EACH, {
    timeoutMs: 240_000,
    intervalMs: 1000,
  });
  // Settled: nothing more arrives (a duplicate would show up as an extra entry).
  await new Promise((r) => setTimeout(r, 2000));
  expect(await contactsStored()).toBe(CUSTOMERS * CONTACTS_EACH);

  const api = (path: string) => instances[0].internalApi(ws).fetch(path);
  const all: Json[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: { body: Json } = await api(`/tickets?sort=number&order=asc&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  }
  expect(all.map((t) => t.number)).toEqual(Array.from({ length: CUSTOMERS }, (_, i) => i + 1));
  expect(new Set(all.map((t) => t.customer.id)).size).toBe(CUSTOMERS);

  for (const ticket of all) {
    const { body } = await api(`/tickets/${ticket.number as number}`);
    const texts: string[] = body.timeline
      .filter((e: Json) => e.kind === 'message' && e.direction === 'inbound')
      .map((e: Json) => e.text);
    const customer = Number(/klient (\d+)/.exec(texts[0])![1]);
    expect(texts).toEqual(Array.from({ length: CONTACTS_EACH }, (_, k) => `klient ${customer} wiadomość ${k}`));
  }
}, 420_000);
