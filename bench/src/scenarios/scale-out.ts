/**
 * Scale-out of the tickets service under a steady load: contacts at a fixed
 * rate onto Kafka the whole time, while the service runs as 1, then 3, then 1
 * instance (the two extra ones get SIGTERM, as on a scale-in). Per phase: the
 * consumer group's lag peak (Kafka's end offsets − the group's committed
 * offsets, sampled every 250 ms) and each rebalance's duration — from the
 * moment instances start/stop until the group is stable with its new members,
 * and until the lag is back below one second of load. At the end every contact
 * must be on a timeline exactly once (0 lost, 0 doubled), or the bench fails.
 * Beside them, the raw Kafka and store rates measured in the same run.
 */
import type { ChildProcess } from 'node:child_process';
import mongoose from 'mongoose';
import type { Admin } from 'kafkajs';
import { TOPICS } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { benchKafka } from '../bench-kafka';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { report, type Figure } from '../report';
import { runScenario, ServiceGroup } from '../service-processes';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;
const groupId = `bench-tickets-${run}`;
const topic = TOPICS.contactReceived.name;
const CUSTOMERS = 100;

interface LagSample {
  at: number;
  lag: number;
}

/** The group's lag on contact.received: what is on the topic and not yet committed by the group. */
async function lagOf(admin: Admin): Promise<number> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map(committed[0].partitions.map((p) => [p.partition, BigInt(p.offset)]));
  return ends.reduce((sum, { partition, offset }) => {
    const at = done.get(partition) ?? -1n;
    return sum + Number(BigInt(offset) - (at < 0n ? 0n : at));
  }, 0);
}

/** Waits until the group is Stable with `members` members; returns when. */
async function groupStable(admin: Admin, members: number, timeoutMs = 180_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state === 'Stable' && groups[0].members.length === members) return Date.now();
    if (Date.now() > deadline) throw new Error(`the group did not become stable with ${members} members within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const rate = intFromEnv('BENCH_RATE', 20);
  const phaseSeconds = intFromEnv('BENCH_PHASE_SECONDS', 30);
  const firstPort = intFromEnv('BENCH_TICKETS_HTTP_PORT', 23004);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const problems: string[] = [];

  figures.push(...(await rawKafkaAndStoreFigures(brokers, infra.mongoUrl)));

  const { logger, client, admin } = await benchKafka(brokers);
  const publisher = new EventPublisher(client, 'bench', logger);
  await publisher.connect();
  const db = await mongoose.createConnection(infra.mongoUrl, { dbName: `bench_tickets_${run}`, retryWrites: false }).asPromise();
  const services = new ServiceGroup();

  // The lag, sampled all along.
  const samples: LagSample[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push({ at: Date.now(), lag: await lagOf(admin).catch(() => NaN) });
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const lagBelow = async (threshold: number, from: number): Promise<number> => {
    for (;;) {
      const last = samples[samples.length - 1];
      if (last && last.at > from && last.lag <= threshold) return last.at;
      await Promise.race([new Promise((r) => setTimeout(r, 100)), services.died]);
    }
  };

  // Steady contacts, on their own schedule, for the three phases.
  let sent = 0;
  let offering = true;
  const offerStarted = Date.now();
  const sends: Promise<unknown>[] = [];
  const offer = (async () => {
    while (offering) {
      const due = offerStarted + (sent * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const n = sent++;
      const phone = `+48602${String(400000 + (n % CUSTOMERS))}`;
      sends.push(
        publisher.publish('contact.received.v1', {
          workspaceId,
          key: `phone:${phone}`,
          payload: {
            channel: 'sms',
            providerMessageId: `SM${run}${n}`,
            from: [{ kind: 'phone', value: phone }],
            recipient: null,
            subject: null,
            text: `Dzień dobry, przesyłka PL-${100000 + n} jeszcze nie dotarła. Zażółć gęślą jaźń.`,
            html: null,
            attachments: [],
            thread: { inReplyTo: null, references: [], providerThreadId: null },
            receivedAt: new Date().toISOString(),
          },
        }),
      );
    }
  })();

  const threshold = rate; // one second of load
  const instances: ChildProcess[] = [];
  const startInstance = async () => {
    const port = firstPort + instances.length;
    instances.push(services.startTickets(run, { HTTP_PORT: String(port) }));
    await services.healthy(`http://127.0.0.1:${port}`);
  };
  const phases: { name: string; from: number; to: number }[] = [];
  const rebalance = async (name: string, change: () => Promise<void>, members: number) => {
    const began = Date.now();
    await change();
    const changed = Date.now();
    const stable = await Promise.race([groupStable(admin, members), services.died]);
    const caughtUp = await lagBelow(threshold, stable);
    figures.push(
      { name: `${name}: instances started/stopped in`, value: changed - began, unit: 'ms', kind: 'result' },
      { name: `${name}: until the group is stable (${members} members)`, value: stable - began, unit: 'ms', kind: 'result' },
      { name: `${name}: until the lag is ≤ ${threshold} again`, value: caughtUp - began, unit: 'ms', kind: 'result' },
    );
  };
  const hold = (ms: number) => Promise.race([new Promise((r) => setTimeout(r, ms)), services.died]);

  try {
    let from = Date.now();
    await rebalance('start 1', startInstance, 1);
    await hold(phaseSeconds * 1000);
    phases.push({ name: '1 instance', from, to: Date.now() });

    from = Date.now();
    await rebalance('scale 1 → 3', () => Promise.all([startInstance(), startInstance()]).then(() => undefined), 3);
    await hold(phaseSeconds * 1000);
    phases.push({ name: '3 instances', from, to: Date.now() });

    from = Date.now();
    const stopTimes: number[] = [];
    await rebalance(
      'scale 3 → 1 (SIGTERM)',
      () =>
        Promise.all(
          instances.slice(1).map(async (child) => {
            const t = Date.now();
            await services.stopOne(child);
            stopTimes.push(Date.now() - t);
            // Nest re-raises the signal once the app is closed; code 1 is the SHUTDOWN_TIMEOUT_MS guard.
            if (child.exitCode === 1) problems.push('an instance was forced out by SHUTDOWN_TIMEOUT_MS after SIGTERM');
          }),
        ).then(() => undefined),
      1,
    );
    figures.push({
      name: 'SIGTERM → exit, slowest of 2 (limit SHUTDOWN_TIMEOUT_MS)',
      value: Math.max(...stopTimes),
      unit: 'ms',
      kind: 'result',
    });
    await hold(phaseSeconds * 1000);
    phases.push({ name: '1 instance again', from, to: Date.now() });
    offering = false;
    await offer;
    await Promise.all(sends);
    const offerEnded = Date.now();
    figures.push(
      { name: 'contacts offered', value: sent, unit: 'contacts', kind: 'result' },
      {
        name: 'rate offered (achieved)',
        value: Math.round((sent / ((offerEnded - offerStarted) / 1000)) * 10) / 10,
        unit: 'contact/s',
        kind: 'result',
      },
    );
    for (const phase of phases) {
      const lags = samples.filter((s) => s.at >= phase.from && s.at <= phase.to && !Number.isNaN(s.lag)).map((s) => s.lag);
      figures.push({ name: `${phase.name}: lag peak`, value: Math.max(0, ...lags), unit: 'contacts', kind: 'result' });
    }

    // Drain, then count: every contact exactly once.
    const expected = new Set(Array.from({ length: sent }, (_, n) => `SM${run}${n}`));
    const deadline = Date.now() + 10 * 60_000;
    while ((await db.collection('timeline').countDocuments({ workspaceId, kind: 'message' })) < sent) {
      if (Date.now() > deadline) break;
      await Promise.race([new Promise((r) => setTimeout(r, 1000)), services.died]);
    }
    figures.push({ name: 'drained after the offer ended in', value: Date.now() - offerEnded, unit: 'ms', kind: 'result' });
    await new Promise((r) => setTimeout(r, 3000)); // a redelivery handled twice would arrive now
    const entries = await db
      .collection('timeline')
      .find({ workspaceId, kind: 'message' }, { projection: { providerMessageId: 1 } })
      .toArray();
    const perContact = new Map<string, number>();
    for (const e of entries) perContact.set(String(e.providerMessageId), (perContact.get(String(e.providerMessageId)) ?? 0) + 1);
    const lost = [...expected].filter((id) => !perContact.has(id)).length;
    const doubled = [...perContact.values()].filter((count) => count > 1).length;
    const strangers = [...perContact.keys()].filter((id) => !expected.has(id)).length;
    figures.push(
      { name: 'contacts lost', value: lost, unit: 'contacts', kind: 'result' },
      { name: 'contacts doubled', value: doubled, unit: 'contacts', kind: 'result' },
    );
    if (lost) problems.push(`${lost} contacts have no timeline entry`);
    if (doubled) problems.push(`${doubled} contacts have more than one timeline entry`);
    if (strangers) problems.push(`${strangers} timeline entries match no published contact`);
  } finally {
    offering = false;
    sampling = false;
    await sampler;
    await services.stop();
    await publisher.disconnect();
    await admin.disconnect();
    await db.close();
  }
  report('scale-out', { rate, phaseSeconds, customers: CUSTOMERS, lagThreshold: threshold }, figures, [...notes, ...problems]);
  if (problems.length) throw new Error(problems.join('; '));
}

runScenario(main);
