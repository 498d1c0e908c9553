/**
 * Scale-out of the tickets service under a steady load: contacts at a fixed
 * rate onto Kafka the whole time, while the service runs as 1, then 3, then 1
 * instance (the two extra ones get SIGTERM, as on a scale-in). Per phase: the
 * consumer group's lag peak (Kafka's end offsets − the group's committed
 * offsets, sampled every 250 ms) and each rebalance's duration — from the
 * moment instances start/stop until the group is stable with its new members,
 * and until the lag is back below one second of load. At the end every contact
 * must be on a timeline exactly once (0 lost, 0 doubled), or the bench fails.
 * The run itself is bench/src/scale-out-run.ts (shared with scale-out-email).
 * Beside them, the raw Kafka and store rates measured in the same run.
 */
import mongoose from 'mongoose';
import type { Admin } from 'kafkajs';
import { TOPICS } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { benchKafka } from '../bench-kafka';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { report, type Figure } from '../report';
import { runScaleOut, type ScaleOutTarget } from '../scale-out-run';
import { runScenario, ServiceGroup } from '../service-processes';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;
const groupId = `bench-tickets-${run}`;
const topic = TOPICS.contactReceived.name;
const CUSTOMERS = 100;

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

  figures.push(...(await rawKafkaAndStoreFigures(brokers, infra.mongoUrl)));

  const { logger, client, admin } = await benchKafka(brokers);
  const publisher = new EventPublisher(client, 'bench', logger);
  await publisher.connect();
  const db = await mongoose.createConnection(infra.mongoUrl, { dbName: `bench_tickets_${run}`, retryWrites: false }).asPromise();
  const services = new ServiceGroup();

  const target: ScaleOutTarget = {
    unit: 'contacts',
    offer: (n) => {
      const phone = `+48602${String(400000 + (n % CUSTOMERS))}`;
      return publisher.publish('contact.received.v1', {
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
      });
    },
    lag: () => lagOf(admin),
    start: async (port) => {
      const child = services.startTickets(run, { HTTP_PORT: String(port) });
      await services.healthy(`http://127.0.0.1:${port}`);
      return child;
    },
    settled: (instances) => groupStable(admin, instances.length),
    // Any two: Kafka hands their partitions to the one left.
    scaleIn: (instances) => instances.slice(1),
    handled: async () => {
      const entries = await db
        .collection('timeline')
        .find({ workspaceId, kind: 'message' }, { projection: { providerMessageId: 1 } })
        .toArray();
      const perContact = new Map<string, number>();
      for (const e of entries)
        perContact.set(String(e.providerMessageId), (perContact.get(String(e.providerMessageId)) ?? 0) + 1);
      return perContact;
    },
    idOf: (n) => `SM${run}${n}`,
  };

  let outcome;
  try {
    outcome = await runScaleOut(target, services, { rate, phaseSeconds, firstPort });
  } finally {
    await services.stop();
    await publisher.disconnect();
    await admin.disconnect();
    await db.close();
  }
  report(
    'scale-out',
    { rate, phaseSeconds, customers: CUSTOMERS, lagThreshold: rate },
    [...figures, ...outcome.figures],
    [...outcome.notes, ...outcome.problems],
  );
  if (outcome.problems.length) throw new Error(outcome.problems.join('; '));
}

runScenario(main);
