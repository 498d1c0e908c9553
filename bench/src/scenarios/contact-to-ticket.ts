/**
 * Contacts straight onto Kafka → the tickets service (identity graph,
 * threading, timeline), as a separate process exactly as the platform runs it.
 * 1. Backlog: N contacts waiting when the service starts → contacts/s and drain time.
 * 2. Steady: contacts at a fixed offered rate → contact-to-timeline latency p50/p99.
 * Beside them, the raw Kafka produce and store bulk-insert rates of the same run.
 * Every contact must end as exactly one timeline entry, or the bench fails.
 */
import mongoose from 'mongoose';
import type { PayloadInputOf } from '@threadline/contracts';
import { createKafkaClient, ensureTopics, EventPublisher } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaRates } from '../limits/raw-kafka';
import { rawStoreInsertRate } from '../limits/raw-store';
import { report, type Figure } from '../report';
import { runScenario, startServiceProcess, stopServiceProcess } from '../service-processes';
import { percentile, perSecond } from '../stats';

const infra = benchInfra();
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;
const ticketsDb = `bench_tickets_${run}`;
const CUSTOMERS = 200;
const CHANNELS = ['email', 'sms', 'voice', 'chat'] as const;

type Contact = PayloadInputOf<'contact.received.v1'>;

/** Contact i: customer i % 200 on a channel in turn; the customer's first contact (a chat) links e-mail, phone and visitor id. */
function contact(i: number): Contact {
  const c = i % CUSTOMERS;
  const identities = {
    email: { kind: 'email' as const, value: `klient${c}-${run}@bench.test` },
    phone: { kind: 'phone' as const, value: `+48600${200000 + c}` },
    chat: { kind: 'chat' as const, value: `visitor-${run}-${c}` },
  };
  const first = i < CUSTOMERS;
  const channel = first ? 'chat' : CHANNELS[Math.floor(i / CUSTOMERS) % CHANNELS.length];
  const from = first
    ? [identities.chat, identities.email, identities.phone]
    : channel === 'email'
      ? [identities.email]
      : channel === 'chat'
        ? [identities.chat]
        : [identities.phone];
  return {
    channel,
    providerMessageId: `bench-${run}-${i}`,
    from,
    recipient: null,
    subject: channel === 'email' ? `Zamówienie ${c}: pytanie o dostawę` : null,
    text: `Dzień dobry, wiadomość ${i}. Zażółć gęślą jaźń. ${'Treść zgłoszenia. '.repeat(20)}`,
    html: null,
    attachments: [],
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    receivedAt: new Date().toISOString(),
  };
}

async function messagesRecorded(db: mongoose.Connection): Promise<number> {
  return db.collection('timeline').countDocuments({ workspaceId, kind: 'message' });
}

async function waitForMessages(db: mongoose.Connection, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await messagesRecorded(db);
    if (n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${n}/${count} contacts on timelines after ${timeoutMs} ms`);
    // Not too often: counting is a scan on FerretDB and would compete with the service it measures.
    await new Promise((r) => setTimeout(r, 3000));
  }
}

/** recordedAt of each contact's timeline entry, by contact number. */
async function recordedAt(db: mongoose.Connection): Promise<Map<number, number>> {
  const docs = await db
    .collection('timeline')
    .find({ workspaceId, kind: 'message' }, { projection: { providerMessageId: 1, recordedAt: 1 } })
    .toArray();
  return new Map(docs.map((d) => [Number(String(d.providerMessageId).split('-').at(-1)), (d.recordedAt as Date).getTime()]));
}

async function main() {
  const backlog = intFromEnv('BENCH_CONTACTS', 2000);
  const rate = intFromEnv('BENCH_RATE', 10);
  const seconds = intFromEnv('BENCH_SECONDS', 30);
  const figures: Figure[] = [];

  const kafka = await rawKafkaRates(infra.kafkaBrokers.split(','), 10_000);
  const store = await rawStoreInsertRate(infra.mongoUrl, 10_000);
  figures.push(
    { name: 'kafkajs produce (idempotent, acks=all, 1.5 KB)', value: kafka.producePerSecond, unit: 'msg/s', kind: 'limit' },
    { name: 'store bulk insert (1.5 KB docs)', value: store.insertsPerSecond, unit: 'doc/s', kind: 'limit' },
  );

  const logger = createLogger('bench', 'warn');
  const client = createKafkaClient({ brokers: infra.kafkaBrokers.split(','), clientId: 'bench', logger });
  // The contacts go out before any service has created the topics (the broker does not auto-create them).
  const admin = client.admin();
  await admin.connect();
  await ensureTopics(admin);
  await admin.disconnect();
  const publisher = new EventPublisher(client, 'bench', logger);
  await publisher.connect();
  const publish = (payload: Contact) =>
    publisher.publish('contact.received.v1', { workspaceId, key: payload.from[0].value, payload });

  // Backlog: first each customer's linking contact, then the rest, all before the service starts.
  const loadStarted = Date.now();
  await Promise.all(Array.from({ length: backlog }, (_, i) => publish(contact(i))));
  figures.push({
    name: `publish ${backlog} contacts (our EventPublisher)`,
    value: perSecond(backlog, Date.now() - loadStarted),
    unit: 'msg/s',
    kind: 'limit',
  });

  const db = await mongoose.createConnection(infra.mongoUrl, { dbName: ticketsDb, retryWrites: false }).asPromise();
  const started = Date.now();
  const tickets = startServiceProcess('tickets', { MONGO_DATABASE: ticketsDb, TICKETS_CONSUMER_GROUP: `bench-tickets-${run}` });
  try {
    await waitForMessages(db, backlog, 20 * 60_000);
    const drained = [...(await recordedAt(db)).values()];
    const [first, last] = [Math.min(...drained), Math.max(...drained)];
    figures.push(
      {
        name: `backlog of ${backlog}: contacts → timeline`,
        value: perSecond(backlog, last - first),
        unit: 'contact/s',
        kind: 'result',
      },
      {
        name: `backlog of ${backlog}: drain time from service start`,
        value: Math.round((last - started) / 100) / 10,
        unit: 's',
        kind: 'result',
      },
    );

    // Steady offered rate; the send time of each contact is kept to measure its latency.
    const steady = rate * seconds;
    const sentAt = new Map<number, number>();
    const steadyStarted = Date.now();
    const sends: Promise<unknown>[] = [];
    for (let k = 0; k < steady; k++) {
      const due = steadyStarted + (k * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      sentAt.set(backlog + k, Date.now());
      sends.push(publish(contact(backlog + k)));
    }
    await Promise.all(sends);
    const offeredFor = Date.now() - steadyStarted;
    await waitForMessages(db, backlog + steady, 10 * 60_000);
    const recorded = await recordedAt(db);
    const latencies = [...sentAt].map(([i, sent]) => (recorded.get(i) ?? NaN) - sent);
    figures.push(
      { name: `steady: offered rate achieved`, value: perSecond(steady, offeredFor), unit: 'contact/s', kind: 'result' },
      { name: `steady ${rate}/s: contact → timeline p50`, value: percentile(latencies, 50), unit: 'ms', kind: 'result' },
      { name: `steady ${rate}/s: contact → timeline p99`, value: percentile(latencies, 99), unit: 'ms', kind: 'result' },
      { name: `steady ${rate}/s: contact → timeline max`, value: Math.max(...latencies), unit: 'ms', kind: 'result' },
    );

    // Nothing lost, nothing doubled.
    await new Promise((r) => setTimeout(r, 2000));
    const total = await messagesRecorded(db);
    const ticketsOpened = await db.collection('tickets').countDocuments({ workspaceId });
    figures.push({ name: 'tickets opened (200 customers)', value: ticketsOpened, unit: 'tickets', kind: 'result' });
    if (total !== backlog + steady) throw new Error(`expected ${backlog + steady} timeline entries, found ${total}`);
  } finally {
    await stopServiceProcess(tickets);
    await publisher.disconnect();
    await db.close();
  }
  report('contact-to-ticket', { backlog, rate, seconds, customers: CUSTOMERS }, figures);
}

runScenario(main);
