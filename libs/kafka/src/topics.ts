import type { Admin } from 'kafkajs';
import { TOPICS } from '@threadline/contracts';

export interface TopicSpec {
  name: string;
  partitions: number;
  /** How long the broker keeps messages (retention.ms; -1 forever); absent: the broker's default. */
  retentionMs?: number;
}

/**
 * Creates the platform's topics with their partition counts; existing topics
 * are left as they are. The broker's auto-creation is off, so this is the
 * only way topics come to exist.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly TopicSpec[] = Object.values(TOPICS),
  replicationFactor = 1,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions,
      replicationFactor,
      ...(t.retentionMs ? { configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }] } : {}),
    })),
  });
  return missing.map((t) => t.name);
}
