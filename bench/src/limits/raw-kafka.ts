import { Kafka, logLevel } from 'kafkajs';
import type { Figure } from '../report';
import { perSecond } from '../stats';

/**
 * kafkajs alone, with the settings our publisher uses (idempotent, acks=all):
 * produce `count` messages of `bytes` in batches, then consume them all.
 */
export async function rawKafkaRates(brokers: string[], count: number, bytes = 1500) {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench.raw.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6, replicationFactor: 1 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const value = 'x'.repeat(bytes);
  const started = Date.now();
  for (let sent = 0; sent < count; sent += 500) {
    const n = Math.min(500, count - sent);
    await producer.send({ topic, acks: -1, messages: Array.from({ length: n }, (_, i) => ({ key: String(sent + i), value })) });
  }
  const produceMs = Date.now() - started;
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}.reader`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const consumeStarted = Date.now();
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= count) resolve();
      },
    });
  });
  const consumeMs = Date.now() - consumeStarted;
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { producePerSecond: perSecond(count, produceMs), consumePerSecond: perSecond(count, consumeMs) };
}

/** The raw produce rate as a report row. */
export async function rawKafkaProduceFigure(brokers: string[], count: number): Promise<Figure> {
  const { producePerSecond } = await rawKafkaRates(brokers, count);
  return { name: 'kafkajs produce (idempotent, acks=all, 1.5 KB)', value: producePerSecond, unit: 'msg/s', kind: 'limit' };
}
