import type { Admin } from 'kafkajs';
import type { PlatformMetrics } from '@threadline/observability';

export interface LagGroup {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
}

export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

/**
 * How far each consumer group is behind, per partition: the partition's high
 * watermark minus the group's committed offset. A group that never committed
 * on a partition is behind by everything there if it reads from the beginning,
 * and by nothing otherwise (it starts at the end and commits what arrives).
 */
export async function measureConsumerLag(admin: Admin, groups: LagGroup[]): Promise<PartitionLag[]> {
  const topics = [...new Set(groups.flatMap((g) => g.topics))];
  const ends = new Map(await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)));
  const lags: PartitionLag[] = [];
  for (const group of groups) {
    const committed = await admin.fetchOffsets({ groupId: group.groupId, topics: group.topics });
    for (const { topic, partitions } of committed) {
      for (const { partition, offset } of partitions) {
        const end = ends.get(topic)?.find((p) => p.partition === partition);
        if (!end) continue;
        const from = Number(offset) >= 0 ? Number(offset) : group.fromBeginning ? Number(end.low) : Number(end.high);
        lags.push({ group: group.groupId, topic, partition, lag: Math.max(0, Number(end.high) - from) });
      }
    }
  }
  return lags;
}

export function recordConsumerLag(metrics: PlatformMetrics, lags: PartitionLag[]): void {
  for (const { group, topic, partition, lag } of lags)
    metrics.consumerLag.set({ group, topic, partition: String(partition) }, lag);
}
