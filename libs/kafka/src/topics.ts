import type { Admin } from 'kafkajs';
import { TOPICS } from '@threadline/contracts';

export interface TopicSpec {
  name: string;
  partitions: number;
  /** How long the broker keeps messages (retention.ms; -1 forever); absent: the broker's default. */
  retentionMs?: number;
}

/** How topics are laid out on the cluster (KAFKA_REPLICATION_FACTOR, KAFKA_TOPIC_SETTINGS). */
export interface TopicLayout {
  replicationFactor?: number;
  /** Per topic name: partitions and replication factor other than the defaults. */
  perTopic?: Record<string, { partitions?: number; replicationFactor?: number }>;
}

/**
 * Creates the platform's topics with their partition counts (the registry's,
 * unless the layout says otherwise for a topic) and replication factor;
 * existing topics are left as they are. The broker's auto-creation is off, so
 * this is the only way topics come to exist.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly TopicSpec[] = Object.values(TOPICS),
  layout: TopicLayout = {},
): Promise<string[]> {
  const perTopic = layout.perTopic ?? {};
  const unknown = Object.keys(perTopic).filter((name) => !Object.values(TOPICS).some((t) => t.name === name));
  if (unknown.length > 0) throw new Error(`KAFKA_TOPIC_SETTINGS names topics the platform does not have: ${unknown.join(', ')}`);
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((t) => ({
      topic: t.name,
      numPartitions: perTopic[t.name]?.partitions ?? t.partitions,
      replicationFactor: perTopic[t.name]?.replicationFactor ?? layout.replicationFactor ?? 1,
      ...(t.retentionMs ? { configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }] } : {}),
    })),
  });
  return missing.map((t) => t.name);
}
