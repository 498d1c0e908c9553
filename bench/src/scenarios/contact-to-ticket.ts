/**
 * Contacts straight onto Kafka → the tickets service (identity graph,
 * threading, timeline), run as a separate process exactly as the platform
 * runs it; the channels are not part of this measurement.
 * 1. Backlog: N contacts waiting when the service starts → contacts/s and drain time.
 * 2. Steady: contacts at a fixed offered rate → latency from publishing the
 *    contact to the tickets service producing its `ticket.message-added.v1`
 *    (matched by causation id = the contact's event id), p50/p99/max, and
 *    whether the service kept up with the rate.
 * Beside them, the raw Kafka and store rates measured in the same run.
 * Every contact must end as exactly one timeline entry, or the bench fails.
 * BENCH_TRACING=otlp: the service exports its traces over OTLP/HTTP to a local
 * receiver (stand-in of a collector), to compare with a run without tracing.
 * BENCH_PERSONAL_DATA=sealed: the contacts are published sealed with per-customer keys
 * (as channels do on a platform with PERSONAL_DATA_MASTER_KEY) and the service opens
 * and seals with the same master key, to compare with a run in clear.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import mongoose from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import { PersonalDataCodec } from '@threadline/contracts';
import { SUBJECT_KEYS_DATABASE, SubjectKeyStore } from '@threadline/persistence';
import { benchKafka } from '../bench-kafka';
import { OtlpReceiverStandIn } from '@threadline/testing';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { rawStorePointLookups } from '../limits/raw-store';
import { MessageAddedWatch } from '../message-added-watch';
import { CHANNELS, contact as contactOf, CUSTOMERS, keyOf } from '../intake-contacts';
import { fillStoreHistory } from '../store-history';
import { report, type Figure } from '../report';
import { createIndexesOf, runScenario, startServiceProcess, stopServiceProcess } from '../service-processes';
import { metricTotal, storeOperationsPerContact } from '../service-metrics';
import { percentile, perSecond } from '../stats';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;
const ticketsDb = `bench_tickets_${run}`;
interface Sent {
  eventId: string;
  channel: string;
  providerMessageId: string;
  sentAt: number;
}

/** Rejects if the service process dies before `stopping()` says we are ending it. */
function deathOf(child: ChildProcess, stopping: () => boolean): Promise<never> {
  return new Promise((_, reject) =>
    child.once('exit', (code, signal) => {
      if (!stopping()) reject(new Error(`the tickets service exited (code ${code}, signal ${signal}) during the bench`));
    }),
  );
}

async function main() {
  const backlog = intFromEnv('BENCH_CONTACTS', 2000);
  // Below the backlog rate on a 2-core machine (13–18/s), so the latency is the service's, not a growing queue's.
  const rate = intFromEnv('BENCH_RATE', 10);
  const seconds = intFromEnv('BENCH_SECONDS', 30);
  // Tickets already in the store (another workspace's past), so the figures are those of a store
  // with history; 0 for an empty one.
  const history = process.env.BENCH_HISTORY_TICKETS === '0' ? 0 : intFromEnv('BENCH_HISTORY_TICKETS', 10_000);
  const tracing = process.env.BENCH_TRACING === 'otlp';
  const sealed = process.env.BENCH_PERSONAL_DATA === 'sealed';
  const figures: Figure[] = [];
  const notes: string[] = [];
  const problems: string[] = [];

  // Raw limits first, on the same machine and servers, before anything else loads them.
  figures.push(...(await rawKafkaAndStoreFigures(brokers, infra.mongoUrl)));
  // What bounds the intake: it reads about four documents per contact by `_id` (8 reads in flight).
  const lookups = await rawStorePointLookups(infra.mongoUrl, 4000, 10_000);
  figures.push({
    name: 'store point lookups by _id (8 in flight)',
    value: lookups.lookupsPerSecond,
    unit: 'doc/s',
    kind: 'limit',
  });

  const { logger, client, admin } = await benchKafka(brokers);
  await admin.disconnect();
  // A fresh master key per run: the keys of earlier runs stay unreadable, and every customer's key is made here.
  const masterKey = randomBytes(32);
  const keysDb = sealed
    ? await mongoose.createConnection(infra.mongoUrl, { dbName: SUBJECT_KEYS_DATABASE, retryWrites: false }).asPromise()
    : null;
  const codec = keysDb ? new PersonalDataCodec(new SubjectKeyStore(keysDb, masterKey)) : undefined;
  const publisher = new EventPublisher(client, 'bench', logger, undefined, codec);
  await publisher.connect();
  const sent: Sent[] = [];
  const publish = (i: number) => {
    const payload = contactOf(run, i);
    const eventId = randomUUID();
    // Recorded before the publish: the answer may come back before our own ack does.
    sent[i] = { eventId, channel: payload.channel, providerMessageId: payload.providerMessageId, sentAt: Date.now() };
    return publisher.publish('contact.received.v1', { workspaceId, key: keyOf(payload.from[0]), id: eventId, payload });
  };
  const watch = new MessageAddedWatch(brokers, workspaceId, logger);
  await watch.start(`bench-watch-${run}`);
  const db = await mongoose.createConnection(infra.mongoUrl, { dbName: ticketsDb, retryWrites: false }).asPromise();
  const ticketsPort = intFromEnv('BENCH_TICKETS_HTTP_PORT', 23004);
  if (history > 0) {
    const indexing = Date.now();
    // Its own consumer group: this start must not take (or commit) any contact.
    await createIndexesOf(
      'tickets',
      { MONGO_DATABASE: ticketsDb, TICKETS_CONSUMER_GROUP: `bench-tickets-indexes-${run}` },
      ticketsPort,
    );
    console.log(`history: the tickets service created its indexes on the empty store in ${Date.now() - indexing} ms`);
    const started = Date.now();
    await fillStoreHistory(db, history, (done) => {
      if (done % 20_000 === 0) console.log(`history: ${done} of ${history} tickets in the store`);
    });
    console.log(
      `history: ${history} tickets (with customers, identities, 2 timeline entries each) in ${Date.now() - started} ms`,
    );
  }

  // 1. Backlog: first each customer's linking contact, then the rest, all before the service starts.
  const loadStarted = Date.now();
  await Promise.all(Array.from({ length: backlog }, (_, i) => publish(i)));
  figures.push({
    name: `publish ${backlog} contacts (our EventPublisher)`,
    value: perSecond(backlog, Date.now() - loadStarted),
    unit: 'msg/s',
    kind: 'limit',
  });

  const collector = tracing ? new OtlpReceiverStandIn() : null;
  await collector?.start();
  let stopping = false;
  const started = Date.now();
  const tickets = startServiceProcess('tickets', {
    MONGO_DATABASE: ticketsDb,
    TICKETS_CONSUMER_GROUP: `bench-tickets-${run}`,
    HTTP_PORT: String(ticketsPort),
    ...(collector ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } : {}),
    ...(sealed ? { PERSONAL_DATA_MASTER_KEY: masterKey.toString('base64') } : {}),
  });
  const died = deathOf(tickets, () => stopping);
  died.catch(() => undefined); // observed by the races below; never an unhandled rejection
  try {
    await Promise.race([
      watch.waitFor(
        sent.slice(0, backlog).map((s) => s.eventId),
        15 * 60_000,
      ),
      died,
    ]);
    const drained = sent.slice(0, backlog).map((s) => watch.arrivals.get(s.eventId)!.at);
    const [first, last] = [Math.min(...drained), Math.max(...drained)];
    figures.push(
      {
        name: `backlog of ${backlog}: contacts → ticket (first to last)`,
        value: perSecond(backlog - 1, last - first),
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

    figures.push({
      name: `backlog of ${backlog}: store operations per contact (tickets' /metrics)`,
      value: await storeOperationsPerContact(`http://127.0.0.1:${ticketsPort}`),
      unit: 'ops',
      kind: 'result',
    });
    figures.push({
      name: `backlog of ${backlog}: batch rounds that met another partition's write`,
      value: await metricTotal(`http://127.0.0.1:${ticketsPort}`, 'threadline_intake_batch_races_total'),
      unit: 'rounds',
      kind: 'result',
    });
    figures.push({
      name: `backlog of ${backlog}: batch rounds that found a remembered ticket changed`,
      value: await metricTotal(`http://127.0.0.1:${ticketsPort}`, 'threadline_intake_memory_stale_total'),
      unit: 'rounds',
      kind: 'result',
    });
    // Where the operations go: the service's store commands by name (start-up included), per contact.
    const drainedContacts = await metricTotal(`http://127.0.0.1:${ticketsPort}`, 'threadline_intake_contacts_total');
    for (const command of ['find', 'insert', 'update', 'findAndModify']) {
      const commands = await metricTotal(
        `http://127.0.0.1:${ticketsPort}`,
        'threadline_store_operations_total',
        `command="${command}"`,
      );
      figures.push({
        name: `backlog of ${backlog}: store ${command} commands per contact (tickets' /metrics)`,
        value: drainedContacts > 0 ? Math.round((commands / drainedContacts) * 100) / 100 : NaN,
        unit: 'ops',
        kind: 'result',
      });
    }
    // Only the contacts those rounds concern (and those sharing a customer, ticket or link with them) are decided again.
    figures.push({
      name: `backlog of ${backlog}: contacts decided again after those rounds`,
      value: await metricTotal(`http://127.0.0.1:${ticketsPort}`, 'threadline_intake_contacts_decided_again_total'),
      unit: 'contacts',
      kind: 'result',
    });

    // 2. Steady offered rate, on its own schedule whatever the service does.
    const ticketsUrl = `http://127.0.0.1:${ticketsPort}`;
    const before = {
      operations: await metricTotal(ticketsUrl, 'threadline_intake_store_operations_total'),
      contacts: await metricTotal(ticketsUrl, 'threadline_intake_contacts_total'),
      cpuSeconds: await metricTotal(ticketsUrl, 'process_cpu_seconds_total'),
      systemCpuSeconds: await metricTotal(ticketsUrl, 'process_cpu_system_seconds_total'),
    };
    // The whole process since it started (its start-up included): CPU does not depend on the load as time does.
    figures.push({
      name: `backlog of ${backlog}: tickets process CPU from its start to drained`,
      value: Math.round(before.cpuSeconds * 10) / 10,
      unit: 'CPU-s',
      kind: 'result',
    });
    // The kernel's part (socket writes and reads to the store and Kafka): what fewer round trips would save.
    figures.push({
      name: `backlog of ${backlog}: of it in the kernel (system CPU)`,
      value: Math.round(before.systemCpuSeconds * 10) / 10,
      unit: 'CPU-s',
      kind: 'result',
    });
    const steady = rate * seconds;
    const steadyStarted = Date.now();
    const sends: Promise<unknown>[] = [];
    for (let k = 0; k < steady; k++) {
      const due = steadyStarted + (k * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      sends.push(publish(backlog + k));
    }
    await Promise.all(sends);
    const offer = sent.slice(backlog);
    const offerEnded = offer[offer.length - 1].sentAt;
    await Promise.race([
      watch.waitFor(
        offer.map((s) => s.eventId),
        10 * 60_000,
      ),
      died,
    ]);
    const arrivals = offer.map((s) => watch.arrivals.get(s.eventId)!.at);
    const latencies = offer.map((s, k) => arrivals[k] - s.sentAt);
    const offered = steady > 1 ? perSecond(steady - 1, offerEnded - offer[0].sentAt) : rate;
    const handled = perSecond(steady, Math.max(...arrivals) - offer[0].sentAt);
    const queuedAtEnd = arrivals.filter((at) => at > offerEnded).length;
    figures.push(
      { name: `steady ${rate}/s × ${seconds} s: rate offered (achieved)`, value: offered, unit: 'contact/s', kind: 'result' },
      { name: `steady ${rate}/s: rate handled (first sent → last on ticket)`, value: handled, unit: 'contact/s', kind: 'result' },
      {
        name: `steady ${rate}/s: not yet on a ticket when the offer ended`,
        value: queuedAtEnd,
        unit: 'contacts',
        kind: 'result',
      },
      {
        name: `steady ${rate}/s: contact → ticket.message-added p50`,
        value: percentile(latencies, 50),
        unit: 'ms',
        kind: 'result',
      },
      {
        name: `steady ${rate}/s: contact → ticket.message-added p99`,
        value: percentile(latencies, 99),
        unit: 'ms',
        kind: 'result',
      },
      { name: `steady ${rate}/s: contact → ticket.message-added max`, value: Math.max(...latencies), unit: 'ms', kind: 'result' },
    );
    // Every customer is known by now: what a contact of a known customer costs. (A batch is counted
    // just after its events are out: wait for the last one's count, a few seconds at most.)
    for (let tries = 0; tries < 50; tries++) {
      if ((await metricTotal(ticketsUrl, 'threadline_intake_contacts_total')) - before.contacts >= steady) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const steadyOperations = (await metricTotal(ticketsUrl, 'threadline_intake_store_operations_total')) - before.operations;
    const steadyCpuSeconds = (await metricTotal(ticketsUrl, 'process_cpu_seconds_total')) - before.cpuSeconds;
    const steadyContacts = (await metricTotal(ticketsUrl, 'threadline_intake_contacts_total')) - before.contacts;
    figures.push({
      name: `steady ${rate}/s: store operations per contact (tickets' /metrics)`,
      value: steadyContacts > 0 ? Math.round((steadyOperations / steadyContacts) * 10) / 10 : NaN,
      unit: 'ops',
      kind: 'result',
    });
    figures.push({
      name: `steady ${rate}/s: tickets process CPU per contact (its /metrics, idle time included)`,
      value: steadyContacts > 0 ? Math.round((steadyCpuSeconds / steadyContacts) * 10_000) / 10 : NaN,
      unit: 'CPU-ms',
      kind: 'result',
    });
    const sustained = offered >= 0.95 * rate && handled >= 0.9 * offered;
    notes.push(
      offered < 0.95 * rate
        ? `the bench could not offer ${rate}/s (only ${offered}/s): the latency figures are for a lower rate`
        : sustained
          ? `${rate} contact/s sustained: the service handled ${handled}/s with ${queuedAtEnd} contacts still queued when the offer ended`
          : `${rate} contact/s NOT sustained: the service handled ${handled}/s; a queue built up (${queuedAtEnd} contacts still queued when the offer ended), so the latencies include waiting in it`,
    );

    // Nothing lost, nothing doubled: by the events, and by counting the timeline entries.
    const doubledByEvents = sent.filter((s) => watch.arrivals.get(s.eventId)!.messageIds.size !== 1).length;
    if (doubledByEvents) problems.push(`${doubledByEvents} contacts were announced as more than one timeline entry`);
    const entries = await db
      .collection('timeline')
      .find({ workspaceId, kind: 'message' }, { projection: { channel: 1, providerMessageId: 1, direction: 1, ticketId: 1 } })
      .toArray();
    const perContact = new Map<string, number>();
    const withEntries = new Set(entries.map((e) => String(e.ticketId)));
    // The tickets service acknowledges a ticket an e-mail opened: that outbound entry is no contact.
    for (const e of entries.filter((entry) => entry.direction !== 'outbound')) {
      const key = `${String(e.channel)} ${String(e.providerMessageId)}`;
      perContact.set(key, (perContact.get(key) ?? 0) + 1);
    }
    const published = new Set(sent.map((s) => `${s.channel} ${s.providerMessageId}`));
    const lost = [...published].filter((key) => !perContact.has(key)).length;
    const doubled = [...perContact.values()].filter((n) => n > 1).length;
    const strangers = [...perContact.keys()].filter((key) => !published.has(key)).length;
    if (lost) problems.push(`${lost} contacts have no timeline entry`);
    if (doubled) problems.push(`${doubled} contacts have more than one timeline entry`);
    if (strangers) problems.push(`${strangers} timeline entries match no published contact`);
    figures.push({
      name: `timeline entries for ${sent.length} contacts`,
      value: [...perContact.values()].reduce((a, b) => a + b, 0),
      unit: 'entries',
      kind: 'result',
    });

    const ticketsOpened = await db.collection('tickets').countDocuments({ workspaceId });
    // A ticket whose opening contact ended on another one shows agents an empty ticket.
    const ticketIds = await db
      .collection('tickets')
      .find({ workspaceId }, { projection: { _id: 1 } })
      .toArray();
    const empty = ticketIds.filter((t) => !withEntries.has(String(t._id))).length;
    if (empty) problems.push(`${empty} tickets have no timeline entry`);
    figures.push({ name: `tickets opened (${CUSTOMERS} customers)`, value: ticketsOpened, unit: 'tickets', kind: 'result' });
    if (ticketsOpened !== CUSTOMERS) {
      notes.push(
        `${ticketsOpened} tickets for ${CUSTOMERS} customers: a contact handled before its customer's linking chat opened a ticket of its own (partitions run in parallel)`,
      );
    }
    if (watch.ticketsCreated.size !== ticketsOpened) {
      notes.push(`ticket.created.v1 announced ${watch.ticketsCreated.size} tickets, the store holds ${ticketsOpened}`);
    }
    if (watch.invalid) problems.push(`${watch.invalid} events on ticket.events.v1 failed validation`);
  } finally {
    stopping = true;
    await stopServiceProcess(tickets);
    if (collector) {
      // The service exports its last spans on SIGTERM: counted once it has exited.
      figures.push({ name: 'spans exported to the OTLP receiver', value: collector.spans.length, unit: 'spans', kind: 'result' });
      await collector.stop();
    }
    await Promise.all([watch.stop(), publisher.disconnect(), db.close(), keysDb?.close()]);
  }
  report(
    'contact-to-ticket',
    {
      backlog,
      rate,
      seconds,
      history,
      tracing,
      personalData: sealed ? 'sealed' : 'clear',
      customers: CUSTOMERS,
      channels: CHANNELS,
      intakeBatch: process.env.TICKETS_INTAKE_BATCH ?? 'default',
    },
    figures,
    [...notes, ...problems],
  );
  if (problems.length) throw new Error(`contact-to-ticket failed: ${problems.join('; ')}`);
}

runScenario(main);
