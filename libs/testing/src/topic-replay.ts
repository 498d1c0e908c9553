import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from './test-env';
import { waitFor } from './wait-for';
import type { RawRecord } from './event-probe';

/**
 * Every message the topics hold, from the first offset to the end as it is
 * now: what a replay (a new read model, a restored backup) would read.
 */
export async function replayTopics(brokers: string[], topics: string[]): Promise<RawRecord[]> {
  const kafka = new Kafka({ clientId: 'test-replay', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}/${p.partition}`, BigInt(p.high));
    }
  }
  await admin.disconnect();
  const records: RawRecord[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('replay'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
      records.push({ topic, key: message.key?.toString() ?? null, value: message.value, headers });
      const name = `${topic}/${partition}`;
      if (remaining.has(name) && BigInt(message.offset) + 1n >= remaining.get(name)!) remaining.delete(name);
    },
  });
  try {
    await waitFor('the topics read to their end', () => remaining.size === 0, { timeoutMs: 120_000 });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
