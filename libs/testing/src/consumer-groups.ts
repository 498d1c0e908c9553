import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '@threadline/kafka';
import { testInfra, uniqueName } from './test-env';
import { waitFor } from './wait-for';

/**
 * A new consumer group whose committed offsets are the topics' current ends.
 *
 * Services start new groups from the beginning (in production nothing may be
 * skipped). In a test run every earlier test's events are on the same topics,
 * so a service under test would first replay all of them; this group starts
 * at "now" instead and still gets everything published after this call, even
 * before the service has joined.
 */
export async function consumerGroupStartingNow(prefix: string, topics: string[]): Promise<string> {
  const groupId = uniqueName(prefix);
  await startGroupAtEnd(groupId, topics);
  return groupId;
}

/** Commits `groupId`'s offsets at the topics' ends, so it reads only what comes next (a group a service derives from another's name). */
export async function startGroupAtEnd(groupId: string, topics: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-groups', brokers: testInfra().kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin);
    for (const topic of topics) {
      // Just-created topics may not have their leaders known to this client yet ("not the leader"): ask until they are.
      const ends = await waitFor(`offsets of ${topic}`, () => admin.fetchTopicOffsets(topic), {
        timeoutMs: 30_000,
        intervalMs: 250,
      });
      await admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, offset }) => ({ partition, offset })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until a consumer group has committed everything the topics held when
 * this was called: the service has handled every event published before it,
 * without sleeping or guessing from its answers.
 */
export async function waitForGroupToCatchUp(groupId: string, topics: string[], timeoutMs = 60_000): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-groups', brokers: testInfra().kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, string>();
    for (const topic of topics) {
      for (const { partition, offset } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, offset);
    }
    await waitFor(
      `consumer group ${groupId} to handle everything on ${topics.join(', ')}`,
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics });
        return committed.every(({ topic, partitions }) =>
          partitions.every(({ partition, offset }) => {
            const end = BigInt(ends.get(`${topic}/${partition}`) ?? '0');
            return end === 0n || BigInt(offset) >= end;
          }),
        );
      },
      { timeoutMs, intervalMs: 200 },
    );
  } finally {
    await admin.disconnect();
  }
}
