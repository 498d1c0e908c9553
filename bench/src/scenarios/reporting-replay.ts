/**
 * The reporting projection replaying history: a year of one workspace's
 * contacts and ticket events already on Kafka when the reporting service
 * starts in a new consumer group and an empty database, exactly as a rebuild
 * runs. Measures events projected per second (service healthy → group
 * caught up), then the latency of report requests over the whole year, and
 * checks the figures against what was published (tickets, contacts, closes).
 * Beside them, the raw Kafka and store rates measured in the same run.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import type { PayloadInputOf } from '@threadline/contracts';
import { BulkPublisher } from '../bulk-publisher';
import { benchKafka } from '../bench-kafka';
import { InternalApiClient, ServiceTokenMinter } from '@threadline/service-runtime';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { rawStoreIncRate } from '../limits/raw-store';
import { report, type Figure } from '../report';
import { benchServiceTokenSecret, runScenario, ServiceGroup } from '../service-processes';
import { metricTotal, storeDocumentsWrittenOf, storeOperationsOf } from '../service-metrics';
import { percentile, perSecond } from '../stats';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;
const CHANNELS = ['email', 'sms', 'chat', 'messenger', 'voice'] as const;
const QUEUES = ['reklamacje', 'zamówienia', 'faktury', 'ogólna'];
const CATEGORIES = ['reklamacja', 'dostawa', 'płatność', 'zwrot', 'pytanie'];
const AGENTS = Array.from({ length: 12 }, (_, i) => `agent-${i + 1}`);
const YEAR_START = Date.parse('2025-01-01T00:00:00Z');
/** Midnight of 1 January 2026 in Warsaw (UTC+1): the report's year ends there. */
const YEAR_END_WARSAW = Date.parse('2025-12-31T23:00:00Z');
const HOUR = 3_600_000;

interface Published {
  events: number;
  tickets: number;
  contacts: number;
  /** Closes on a local day of 2025. */
  closes: number;
}

/** A deterministic pseudo-random stream, so two runs publish the same year. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/**
 * Ticket i of the year: a contact opens it during office hours, an automatic
 * acknowledgement, an agent's answer, sometimes another exchange, a close
 * and sometimes a reopen. About 8 events per ticket.
 */
function publishTicket(
  i: number,
  tickets: BulkPublisher,
  channels: Pick<BulkPublisher, 'publish'>,
  totalTickets: number,
  counts: Published,
) {
  const next = random(i + 1);
  const channel = CHANNELS[i % CHANNELS.length];
  const at = YEAR_START + Math.floor((i / totalTickets) * 364 * 24) * HOUR + (8 + Math.floor(next() * 9)) * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();
  const ticketId = `t-${run}-${i}`;
  const agent = AGENTS[Math.floor(next() * AGENTS.length)];
  const queue = QUEUES[Math.floor(next() * QUEUES.length)];
  const contact: PayloadInputOf<'contact.received.v1'> = {
    channel,
    providerMessageId: `${channel}-${run}-${i}`,
    from: [{ kind: 'phone', value: `+48600${String(100000 + (i % 900000)).padStart(6, '0')}` }],
    recipient: null,
    queue,
    subject: null,
    text: 'Dzień dobry, zamówienie jeszcze nie dotarło.',
    html: null,
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    receivedAt: iso(at),
    call:
      channel === 'voice'
        ? {
            outcome: next() < 0.85 ? 'answered' : 'abandoned',
            queue,
            waitSeconds: Math.floor(next() * 120),
            talkSeconds: 180,
            durationSeconds: 240,
            recordingUrl: null,
            recordingSeconds: null,
          }
        : null,
  };
  channels.publish('contact.received.v1', { workspaceId, key: `phone:${i}`, payload: contact });
  counts.contacts++;
  let version = 0;
  const ref = () => ({ ticketId, number: i + 1, version: ++version });
  const state = (status: 'new' | 'open' | 'closed') => ({
    status,
    priority: 'normal' as const,
    queue,
    assigneeId: status === 'new' ? null : agent,
    tags: [],
    category: status === 'new' ? null : CATEGORIES[i % CATEGORIES.length],
  });
  const ticketEvent = <T extends 'ticket.created.v1' | 'ticket.message-added.v1' | 'ticket.updated.v1'>(
    type: T,
    payload: object,
  ) => tickets.publish(type, { workspaceId, key: ticketId, payload: { ...ref(), ...payload } as PayloadInputOf<T> });
  const message = (direction: 'inbound' | 'outbound', ms: number, authorId: string | null) =>
    ticketEvent('ticket.message-added.v1', {
      messageId: randomUUID(),
      customerId: `c-${i}`,
      channel,
      direction,
      authorId,
      at: iso(ms),
    });
  const update = (ms: number, status: 'open' | 'closed') =>
    ticketEvent('ticket.updated.v1', { actor: { kind: 'agent', id: agent }, changes: {}, state: state(status), at: iso(ms) });

  ticketEvent('ticket.created.v1', {
    customerId: `c-${i}`,
    subject: null,
    channel,
    previousTicketId: null,
    state: state('new'),
    createdAt: iso(at),
  });
  message('inbound', at, null);
  message('outbound', at + 1000, null);
  let t = at + Math.floor(next() * 4 * HOUR);
  update(t, 'open');
  message('outbound', t, agent);
  if (next() < 0.4) {
    message('inbound', (t += Math.floor(next() * 8 * HOUR)), null);
    message('outbound', (t += Math.floor(next() * 2 * HOUR)), agent);
  }
  update((t += HOUR), 'closed');
  if (t < YEAR_END_WARSAW) counts.closes++;
  if (next() < 0.1) {
    update((t += 24 * HOUR), 'open');
    update((t += HOUR), 'closed');
    // The last tickets of December can close on 1 January, outside the year the report covers.
    if (t < YEAR_END_WARSAW) counts.closes++;
  }
  counts.tickets++;
  counts.events += version + 1;
}

async function waitForCatchUp(
  groupId: string,
  topics: string[],
  timeoutMs: number,
): Promise<{ caughtUp: boolean; handled: number }> {
  const kafka = new Kafka({ clientId: 'bench-lag', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  for (const topic of topics)
    for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, Number(p.high));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const committed = await admin.fetchOffsets({ groupId, topics });
      let behind = 0;
      let handled = 0;
      for (const { topic, partitions } of committed) {
        for (const { partition, offset } of partitions) {
          const end = ends.get(`${topic}/${partition}`) ?? 0;
          const at = Math.max(0, Number(offset));
          handled += Math.min(at, end);
          behind += Math.max(0, end - at);
        }
      }
      if (behind === 0) return { caughtUp: true, handled };
      if (Date.now() > deadline) return { caughtUp: false, handled };
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Documents per collection of a database, largest first (`countDocuments`: FerretDB's estimate may lag). */
async function storedDocuments(dbName: string): Promise<Map<string, number>> {
  const connection = await mongoose.createConnection(infra.mongoUrl, { dbName }).asPromise();
  try {
    const names = (await connection.db!.listCollections().toArray()).map((c) => c.name);
    const counts = await Promise.all(
      names.map(async (name) => [name, await connection.db!.collection(name).countDocuments()] as const),
    );
    return new Map(counts.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]));
  } finally {
    await connection.close();
  }
}

async function main() {
  const wantedEvents = intFromEnv('BENCH_REPORT_EVENTS', 20_000);
  const drainSeconds = intFromEnv('BENCH_DRAIN_SECONDS', 600);
  const requests = intFromEnv('BENCH_REPORT_REQUESTS', 20);
  const port = intFromEnv('BENCH_REPORTING_HTTP_PORT', 23007);
  const internalPort = intFromEnv('BENCH_REPORTING_INTERNAL_HTTP_PORT', 23107);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const problems: string[] = [];

  // Raw limits first, on the same machine and servers, before anything else loads them.
  figures.push(...(await rawKafkaAndStoreFigures(brokers, infra.mongoUrl, 20_000, 10_000)));
  const inc = await rawStoreIncRate(infra.mongoUrl, 1_000, 2_000);
  figures.push({
    name: 'store $inc upsert by _id over 2,000 counter docs (6 at a time)',
    value: inc.updatesPerSecond,
    unit: 'op/s',
    kind: 'limit',
  });

  const { client, admin } = await benchKafka(brokers);
  await admin.disconnect();
  // One producer for both sources: its sends are one after another, so each ticket's events keep their order.
  const tickets = new BulkPublisher(client, 'tickets');
  const channels = tickets.as('channel-voice');
  await tickets.connect();
  const counts: Published = { events: 0, tickets: 0, contacts: 0, closes: 0 };
  const totalTickets = Math.max(1, Math.round(wantedEvents / 9));
  const loadStarted = Date.now();
  for (let i = 0; i < totalTickets; i++) {
    publishTicket(i, tickets, channels, totalTickets, counts);
    await tickets.flushFull();
  }
  await tickets.flush();
  figures.push({
    name: `publish ${counts.events} events (validated envelopes, bulk sends)`,
    value: perSecond(counts.events, Date.now() - loadStarted),
    unit: 'msg/s',
    kind: 'limit',
  });
  await tickets.disconnect();

  const services = new ServiceGroup();
  const groupId = `bench-reporting-${run}`;
  services.start('reporting', {
    HTTP_PORT: String(port),
    INTERNAL_HTTP_PORT: String(internalPort),
    MONGO_DATABASE: `bench_reporting_${run}`,
    REPORTING_CONSUMER_GROUP: groupId,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await services.healthy(url);
    const cpuBefore = await metricTotal(url, 'process_cpu_seconds_total');
    const consumedBefore = await metricTotal(url, 'threadline_events_consumed_total');
    const operationsBefore = await storeOperationsOf(url);
    const written = async () => (await storeDocumentsWrittenOf(url, 'insert')) + (await storeDocumentsWrittenOf(url, 'update'));
    const writtenBefore = await written();
    const deletedBefore = await storeDocumentsWrittenOf(url, 'delete');
    const started = Date.now();
    // Other runs' events on the shared topics are read too (and ignored as another workspace's): the rate counts every event read.
    const topics = ['contact.received.v1', 'ticket.events.v1', 'sla.events.v1'];
    const drained = await Promise.race([waitForCatchUp(groupId, topics, drainSeconds * 1000), services.died]);
    const ms = Date.now() - started;
    figures.push({
      name: `replay: events projected per second (${drained.handled} events${drained.caughtUp ? '' : `, stopped after ${drainSeconds} s`})`,
      value: perSecond(drained.handled, ms),
      unit: 'event/s',
      kind: 'result',
    });
    // Load-independent beside the rate: the reporting process's own CPU and store commands per event projected.
    const handled = Math.max(1, drained.handled);
    figures.push(
      {
        name: 'replay: reporting process CPU per event',
        value: Math.round((((await metricTotal(url, 'process_cpu_seconds_total')) - cpuBefore) * 1_000_000) / handled) / 1000,
        unit: 'ms',
        kind: 'result',
      },
      {
        // The process also runs the contact-reason classifier's group, which gets as far as it can meanwhile: its share
        // of the CPU above grows when it keeps up better. Per event either group consumed, the two are told apart.
        name: 'replay: reporting process CPU per event consumed by either group (projection, classifier)',
        value:
          Math.round(
            (((await metricTotal(url, 'process_cpu_seconds_total')) - cpuBefore) * 1_000_000) /
              Math.max(1, (await metricTotal(url, 'threadline_events_consumed_total')) - consumedBefore),
          ) / 1000,
        unit: 'ms',
        kind: 'result',
      },
      {
        name: 'replay: store commands per event',
        value: Math.round((((await storeOperationsOf(url)) - operationsBefore) / handled) * 1000) / 1000,
        unit: 'op',
        kind: 'result',
      },
      {
        name: 'replay: store documents written per event (inserted or updated)',
        value: Math.round((((await written()) - writtenBefore) / handled) * 1000) / 1000,
        unit: 'doc',
        kind: 'result',
      },
      {
        name: 'replay: store documents deleted per event (folds)',
        value: Math.round((((await storeDocumentsWrittenOf(url, 'delete')) - deletedBefore) / handled) * 1000) / 1000,
        unit: 'doc',
        kind: 'result',
      },
    );
    if (!drained.caughtUp)
      notes.push(`the replay did not finish within ${drainSeconds} s: the report figures below cover part of the year`);
    // The documents written above are the process's, the contact-reason classifier's too (its own group, as far as it
    // got): the read models' own, counted where they are stored, say what the projection keeps per event.
    const stored = await storedDocuments(`bench_reporting_${run}`);
    const projection = [...stored].filter(([name]) => name.startsWith('report_'));
    figures.push({
      name: 'replay: read-model documents stored per event (report_* collections)',
      value: Math.round((projection.reduce((sum, [, n]) => sum + n, 0) / handled) * 1000) / 1000,
      unit: 'doc',
      kind: 'result',
    });
    notes.push(`documents stored: ${[...stored].map(([name, n]) => `${name} ${n}`).join(', ')}`);

    const year = '?from=2025-01-01&to=2025-12-31';
    const month = '?from=2025-06-01&to=2025-06-30';
    // As the gateway forwards a supervisor's request: reporting's internal listener, a service token.
    const reporting = new InternalApiClient(
      { name: 'reporting', baseUrl: `http://127.0.0.1:${internalPort}` },
      new ServiceTokenMinter('gateway', benchServiceTokenSecret),
    );
    const get = (path: string) => {
      const [route, query] = path.split('?');
      return reporting.call({ workspaceId, agentId: 'supervisor-bench', role: 'supervisor' }, `reports/${route}`, {
        query: Object.fromEntries(new URLSearchParams(query)),
        timeoutMs: 600_000,
      });
    };
    /** Counter documents one report read (reporting's own count), the store-side cost that load does not change. */
    const documentsRead = async (path: string) => {
      const before = await metricTotal(url, 'threadline_reporting_documents_read_total');
      const response = await get(path);
      await response.arrayBuffer();
      return (await metricTotal(url, 'threadline_reporting_documents_read_total')) - before;
    };
    const timed = async (path: string) => {
      const sent = Date.now();
      const response = await get(path);
      await response.arrayBuffer();
      if (!response.ok) problems.push(`${path} answered ${response.status}`);
      return Date.now() - sent;
    };
    const kinds = ['volume', 'response-times', 'calls', 'agents', 'first-contact-resolution'];
    const latencies: number[] = [];
    for (let k = 0; k < requests; k++) latencies.push(await timed(`${kinds[k % kinds.length]}${month}`));
    figures.push(
      {
        name: `report request over a month (${requests}, 5 kinds): p50`,
        value: percentile(latencies, 50),
        unit: 'ms',
        kind: 'result',
      },
      { name: `report request over a month: p99`, value: percentile(latencies, 99), unit: 'ms', kind: 'result' },
      {
        name: 'report request over the year: volume (all breakdowns), once',
        value: await timed(`volume${year}`),
        unit: 'ms',
        kind: 'result',
      },
      {
        name: 'report request over the year: response-times, once',
        value: await timed(`response-times${year}`),
        unit: 'ms',
        kind: 'result',
      },
    );
    const yearLatencies: number[] = [];
    for (let k = 0; k < requests; k++) yearLatencies.push(await timed(`${kinds[k % kinds.length]}${year}`));
    figures.push(
      {
        name: `report request over the year (${requests}, 5 kinds): p50`,
        value: percentile(yearLatencies, 50),
        unit: 'ms',
        kind: 'result',
      },
      { name: 'report request over the year: p99', value: percentile(yearLatencies, 99), unit: 'ms', kind: 'result' },
      {
        name: 'counter documents read by a year report: volume',
        value: await documentsRead(`volume${year}`),
        unit: 'doc',
        kind: 'result',
      },
      {
        name: 'counter documents read by a year report: response-times',
        value: await documentsRead(`response-times${year}`),
        unit: 'doc',
        kind: 'result',
      },
      {
        name: 'counter documents read by a year report: volume filtered by channel and agent',
        value: await documentsRead(`volume${year}&channel=email&agent=agent-1`),
        unit: 'doc',
        kind: 'result',
      },
    );
    if (drained.caughtUp) {
      const volume = (await (await get(`volume${year}`)).json()) as { figures: { tickets: number; contacts: number } };
      const closed = (await (await get(`resolution${year}`)).json()) as { figures: { closed: number } };
      const expected = { tickets: counts.tickets, contacts: counts.contacts, closed: counts.closes };
      const got = { tickets: volume.figures.tickets, contacts: volume.figures.contacts, closed: closed.figures.closed };
      if (JSON.stringify(expected) !== JSON.stringify(got)) {
        problems.push(`figures differ from what was published: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
      } else notes.push(`figures match what was published: ${JSON.stringify(got)}`);
    }
  } finally {
    await services.stop();
  }
  report('reporting-replay', { events: counts.events, tickets: counts.tickets, requests }, figures, [...notes, ...problems]);
  if (problems.length) throw new Error(problems.join('; '));
}

runScenario(main);
