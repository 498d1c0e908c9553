import { createKafkaClient } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';

/**
 * How many records of `topic` carry each envelope id of `workspaceId`, read
 * from the start up to the end offsets of now (a fresh group, nothing
 * committed). Only ids in `wanted` are counted; the rest is skipped unparsed.
 */
export async function countEventIds(
  brokers: string[],
  topic: string,
  workspaceId: string,
  wanted: Set<string>,
  logger: Logger,
): Promise<Map<string, number>> {
  const kafka = createKafkaClient({ brokers, clientId: 'bench-count', logger });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const counts = new Map<string, number>();
  const pending = new Set([...ends].filter(([, high]) => high > 0).map(([partition]) => partition));
  if (pending.size === 0) return counts;
  const consumer = kafka.consumer({
    groupId: `bench-count-${Date.now().toString(36)}`,
    maxWaitTimeInMs: 100,
    maxBytes: 50 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: ends.size,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const text = message.value?.toString('utf8') ?? '';
          // Cheap pre-filter: most records of a shared topic are not this run's.
          if (text.includes(workspaceId)) {
            const { id, workspaceId: of } = JSON.parse(text) as { id?: string; workspaceId?: string };
            if (of === workspaceId && id && wanted.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
          }
          if (Number(message.offset) + 1 >= ends.get(batch.partition)!) pending.delete(batch.partition);
        }
        if (pending.size === 0) resolve();
      },
    });
  });
  await consumer.disconnect();
  return counts;
}
