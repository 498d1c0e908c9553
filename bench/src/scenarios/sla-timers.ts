/**
 * SLA timers at scale: N open tickets with running clocks in the sla service
 * (run as its own process, as the platform runs it), their clocks started by
 * `ticket.created.v1` events exactly as the tickets service publishes them.
 * 1. Seeding: a sample of the running clocks started through the pipeline →
 *    clocks/s (each writes the clock, its four timers and a `sla.clock-changed.v1`);
 *    the rest stored in bulk by the sla service's own seeder
 *    (`services/sla/dist/seed-clocks.js`: the clocks and timers the service
 *    writes for those `ticket.created.v1`, in each key's Kafka partition),
 *    as 100,000 clocks through the pipeline would take an hour on a shared machine.
 * 2. Firing: M of the tickets fall due during a window (their first-response
 *    breach spread evenly over it) while the other N − M keep running →
 *    lateness of each breach: its `sla.breached.v1` reaching a consumer minus
 *    its due moment, p50/p99/max, and every due breach fired exactly once.
 * 3. Idle: the sla service's resident memory and CPU while nothing is due,
 *    and the store operations it sends then (its own count: the polls of the minute buckets).
 * Beside them, the raw Kafka and store rates measured in the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { createEnvelope, validateEvent } from '@threadline/contracts';
import { createKafkaClient, EventPublisher } from '@threadline/kafka';
import { benchKafka } from '../bench-kafka';
import { createLogger } from '@threadline/observability';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { report, type Figure } from '../report';
import { InternalApiClient, ServiceTokenMinter } from '@threadline/service-runtime';
import { benchServiceTokenSecret, runScenario, ServiceGroup } from '../service-processes';
import { storeOperationsOf } from '../service-metrics';
import { percentile, perSecond } from '../stats';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-sla-${run}`;
const slaDb = `bench_sla_${run}`;
const TARGET_MINUTES = 60;
const MIN = 60_000;

interface Seen {
  clockChanges: number;
  breaches: Map<string, { dueAt: number; firedAt: number; receivedAt: number; count: number }>;
}

/** Reads sla.events.v1 of this run from now on: clock changes counted, breaches with their timing. */
async function watchSlaEvents(seen: Seen) {
  const kafka = createKafkaClient({ brokers, clientId: 'bench-sla-watch', logger: createLogger('bench', 'warn') });
  const consumer = kafka.consumer({ groupId: `bench-sla-watch-${run}`, maxWaitTimeInMs: 50, maxBytes: 50 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'sla.events.v1', fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      const receivedAt = Date.now();
      for (const message of batch.messages) {
        const event = JSON.parse(message.value!.toString('utf8')) as {
          type: string;
          workspaceId: string;
          payload: { ticketId: string; dueAt?: string; at: string; target?: string };
        };
        if (event.workspaceId !== workspaceId) continue;
        if (event.type === 'sla.clock-changed.v1') seen.clockChanges++;
        if (event.type === 'sla.breached.v1' && event.payload.target === 'firstResponse') {
          const known = seen.breaches.get(event.payload.ticketId);
          if (known) known.count++;
          else
            seen.breaches.set(event.payload.ticketId, {
              dueAt: Date.parse(event.payload.dueAt!),
              firedAt: Date.parse(event.payload.at),
              receivedAt,
              count: 1,
            });
        }
      }
    },
  });
  return consumer;
}

async function until(what: string, done: () => boolean, timeoutMs: number, died: Promise<never>) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Promise.race([new Promise((r) => setTimeout(r, 200)), died]);
  }
}

/** Resident memory (MB) and CPU seconds used so far, from /proc. */
function processUsage(child: ChildProcess) {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, in clock ticks (100/s)
  return { rssMb: Math.round(rssKb / 1024), cpuSeconds: ticks / 100 };
}

/** Stores the running clocks of these tickets in bulk with the sla service's own seeder, in its database. */
async function seedInBulk(events: unknown[]): Promise<{ clocks: number; timers: number }> {
  const seeder = spawn(process.execPath, [join(__dirname, '..', '..', '..', 'services', 'sla', 'dist', 'seed-clocks.js')], {
    env: { ...process.env, MONGO_URL: infra.mongoUrl, MONGO_DATABASE: slaDb },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  seeder.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => seeder.once('exit', resolve));
  for (const event of events)
    if (!seeder.stdin.write(`${JSON.stringify(event)}\n`)) await new Promise((r) => seeder.stdin.once('drain', r));
  seeder.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`the clock seeder exited with ${code}`);
  return JSON.parse(out) as { clocks: number; timers: number };
}

async function main() {
  const total = intFromEnv('BENCH_SLA_TICKETS', 100_000);
  const due = Math.min(total, intFromEnv('BENCH_SLA_DUE', 1000));
  const windowSeconds = intFromEnv('BENCH_SLA_WINDOW_SECONDS', 60);
  const idleSeconds = intFromEnv('BENCH_SLA_IDLE_SECONDS', 30);
  const port = intFromEnv('BENCH_SLA_HTTP_PORT', 23006);
  const internalPort = intFromEnv('BENCH_SLA_INTERNAL_HTTP_PORT', port + 100);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const problems: string[] = [];

  figures.push(...(await rawKafkaAndStoreFigures(brokers, infra.mongoUrl)));

  const { logger, client, admin } = await benchKafka(brokers);
  await admin.disconnect();
  const publisher = new EventPublisher(client, 'tickets', logger);
  await publisher.connect();
  const seen: Seen = { clockChanges: 0, breaches: new Map() };
  const watch = await watchSlaEvents(seen);

  const services = new ServiceGroup();
  const sla = services.start('sla', {
    HTTP_PORT: String(port),
    INTERNAL_HTTP_PORT: String(internalPort),
    MONGO_DATABASE: slaDb,
    SLA_CONSUMER_GROUP: `bench-sla-${run}`,
  });
  const url = `http://127.0.0.1:${port}`;
  await services.healthy(url);
  // As the gateway forwards an admin's request: a service token for sla naming the admin.
  const slaInternal = new InternalApiClient(
    { name: 'sla', baseUrl: `http://127.0.0.1:${internalPort}` },
    new ServiceTokenMinter('gateway', benchServiceTokenSecret),
  );
  const policy = await slaInternal.call({ workspaceId, agentId: 'admin-bench', role: 'admin' }, 'sla/policies', {
    method: 'POST',
    body: {
      name: 'Bench',
      isDefault: true,
      time: 'calendar',
      targets: { firstResponseMinutes: TARGET_MINUTES, resolutionMinutes: 8 * 60 },
    },
  });
  if (policy.status !== 201) throw new Error(`policy not created: ${policy.status}`);

  const opened = (createdAt: Date) => {
    const ticketId = `t-${run}-${randomUUID()}`;
    return {
      workspaceId,
      key: ticketId,
      payload: {
        ticketId,
        number: 1,
        version: 1,
        customerId: 'c-bench',
        subject: 'Reklamacja — żółta kurtka',
        channel: 'email' as const,
        state: { status: 'new' as const, priority: 'normal' as const, queue: null, assigneeId: null, tags: [], category: null },
        createdAt: createdAt.toISOString(),
      },
    };
  };
  const open = (createdAt: Date) => publisher.publish('ticket.created.v1', opened(createdAt));
  const publishAll = async (count: number, createdAt: (i: number) => Date) => {
    for (let i = 0; i < count; i += 1000) {
      await Promise.all(Array.from({ length: Math.min(1000, count - i) }, (_, k) => open(createdAt(i + k))));
    }
  };

  // 1. The running clocks: due an hour from now, nothing of theirs falls due during the bench. A sample
  // through the pipeline gives the rate the due tickets' clocks are written at; the rest in bulk.
  const running = total - due;
  const sample = Math.min(running, intFromEnv('BENCH_SLA_PIPELINE_SAMPLE', 500));
  const seedStarted = Date.now();
  await publishAll(sample, () => new Date());
  await until('the sample clocks started', () => seen.clockChanges >= sample, 60 * 60_000, services.died);
  const seedMs = Date.now() - seedStarted;
  figures.push({
    name: `clocks started through the pipeline (${sample} tickets)`,
    value: perSecond(sample, seedMs),
    unit: 'clock/s',
    kind: 'result',
  });
  const bulkStarted = Date.now();
  const bulk = await seedInBulk(
    Array.from({ length: running - sample }, () =>
      validateEvent(createEnvelope({ type: 'ticket.created.v1', version: 1, source: 'tickets', ...opened(new Date()) })),
    ),
  );
  figures.push({
    name: `running clocks stored in bulk (${bulk.clocks} tickets, ${bulk.timers} timers)`,
    value: perSecond(bulk.clocks, Date.now() - bulkStarted),
    unit: 'clock/s',
    kind: 'result',
  });
  notes.push(
    `seeding: ${sample} running clocks through the pipeline (ticket.created.v1 → sla consumer → clock, timers, sla.clock-changed.v1), ${bulk.clocks} stored in bulk by services/sla/dist/seed-clocks.js (the service's own clock and timer code, each ticket in its key's Kafka partition, no events published), the ${due} due ones through the pipeline`,
  );

  // 2. M tickets whose first response falls due during the window (their warnings, at 75%, are due at once).
  // The window opens once their clocks can be written at the rate just measured (with half again to spare).
  const windowStart = Date.now() + 10_000 + Math.ceil((due / Math.max(1, perSecond(sample, seedMs))) * 1500);
  const dueAt = (i: number) => windowStart + Math.floor((i * windowSeconds * 1000) / due);
  await publishAll(due, (i) => new Date(dueAt(i) - TARGET_MINUTES * MIN));
  const written = Date.now();
  if (written > windowStart)
    notes.push(`the due tickets' clocks were written ${written - windowStart} ms after the window opened`);
  await until('every due breach', () => seen.breaches.size >= due, (windowSeconds + 120) * 1000, services.died);
  const late = [...seen.breaches.values()].map((b) => b.receivedAt - b.dueAt);
  const firedLate = [...seen.breaches.values()].map((b) => b.firedAt - b.dueAt);
  figures.push(
    { name: 'breach lateness p50 (due → event consumed)', value: percentile(late, 50), unit: 'ms', kind: 'result' },
    { name: 'breach lateness p99', value: percentile(late, 99), unit: 'ms', kind: 'result' },
    { name: 'breach lateness max', value: Math.max(...late), unit: 'ms', kind: 'result' },
    { name: 'breach fired p99 (due → sla decided)', value: percentile(firedLate, 99), unit: 'ms', kind: 'result' },
  );

  // 3. Idle: all clocks running, nothing due for most of an hour.
  const connection = await mongoose.createConnection(infra.mongoUrl, { dbName: slaDb }).asPromise();
  await new Promise((r) => setTimeout(r, 5_000));
  const before = processUsage(sla);
  const opsBefore = await storeOperationsOf(url);
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const after = processUsage(sla);
  const opsAfter = await storeOperationsOf(url);
  const timers = await connection.collection('sla_timers').estimatedDocumentCount();
  figures.push(
    { name: 'sla service resident memory, idle', value: after.rssMb, unit: 'MB', kind: 'result' },
    {
      name: 'sla service CPU, idle',
      value: Math.round(((after.cpuSeconds - before.cpuSeconds) / idleSeconds) * 1000) / 10,
      unit: '%',
      kind: 'result',
    },
    { name: 'timers held in the store', value: timers, unit: 'timers', kind: 'result' },
  );
  figures.push({
    name: 'sla service store operations, idle (its own count)',
    value: perSecond(opsAfter - opsBefore, idleSeconds * 1000),
    unit: 'op/s',
    kind: 'result',
  });
  notes.push(
    `idle store work of the sla service by design: per owned partition (6) every SLA_TIMER_POLL_MS (5000) the buckets from its cursor to the next minute (two or three equality reads), and a cursor write per partition per minute; timers fire from memory on their own setTimeout`,
  );

  const repeated = [...seen.breaches.values()].filter((b) => b.count > 1).length;
  if (repeated) problems.push(`${repeated} breaches were published more than once`);
  await connection.close();
  await watch.disconnect();
  await publisher.disconnect();
  await services.stop();
  report('sla-timers', { tickets: total, due, windowSeconds, idleSeconds, targetMinutes: TARGET_MINUTES }, figures, [
    ...notes,
    ...problems,
  ]);
  if (problems.length) throw new Error(problems.join('; '));
}

runScenario(main);
