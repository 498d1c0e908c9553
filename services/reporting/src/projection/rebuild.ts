import { randomUUID } from 'node:crypto';
import type { Admin } from 'kafkajs';
import type { Logger } from '@threadline/observability';
import type { ReadModelStore } from '../read-models/read-model-store';
import type { PartitionOffset, ProjectionMarker, ProjectionMarkerStore } from '../read-models/projection-marker';
import { PROJECTION_VERSION } from './projection-version';

/** How long one instance may hold the claim to clear the read models before another takes over. */
const CLEAR_LEASE_MS = 5 * 60_000;
const WAIT_MS = 500;
/** How often a report request may ask Kafka whether a rebuild has caught up. */
const PROGRESS_CHECK_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes the read models this build's version before anything is projected.
 * Marker of this version: go on in its group. Otherwise one instance claims
 * the rebuild; if anything was projected before (another version, or before
 * versions existed) it clears the read models and names a new consumer group,
 * which reads the topics from the beginning; a store that never held
 * anything keeps `REPORTING_CONSUMER_GROUP`. The other instances wait for
 * the marker. Answers the group to consume in.
 */
export class EnsureProjectionVersion {
  constructor(
    private readonly markers: ProjectionMarkerStore,
    private readonly readModels: ReadModelStore,
    private readonly admin: Admin,
    private readonly logger: Logger,
    private readonly version = PROJECTION_VERSION,
  ) {}

  async execute(configuredGroup: string, topics: string[]): Promise<ProjectionMarker> {
    const owner = randomUUID();
    for (;;) {
      const marker = await this.markers.marker();
      if (marker?.version === this.version) return marker;
      if (await this.markers.claim(owner, CLEAR_LEASE_MS)) {
        try {
          return await this.rebuild(configuredGroup, topics, marker);
        } finally {
          await this.markers.release(owner);
        }
      }
      await sleep(WAIT_MS);
    }
  }

  private async rebuild(configuredGroup: string, topics: string[], before: ProjectionMarker | null): Promise<ProjectionMarker> {
    const now = await this.markers.marker();
    // Another instance finished while this one was taking the claim.
    if (now?.version === this.version) return now;
    const projectedBefore = await this.readModels.hasReadModels();
    if (projectedBefore) {
      this.logger.warn(
        { from: before?.version ?? 'unversioned', to: this.version },
        'reporting read models are of another projection version: clearing them and rebuilding from the topics',
      );
      await this.readModels.clear();
    }
    const marker: ProjectionMarker = {
      version: this.version,
      group: projectedBefore ? `${configuredGroup}.v${this.version}-${Date.now().toString(36)}` : configuredGroup,
      rebuildUntil: await endOffsets(this.admin, topics),
      since: new Date(),
    };
    await this.markers.setMarker(marker);
    return marker;
  }
}

/** Where each partition of the topics ends now (a topic not created yet has nothing to catch up on). */
async function endOffsets(admin: Admin, topics: string[]): Promise<PartitionOffset[]> {
  const ends: PartitionOffset[] = [];
  for (const topic of topics) {
    const partitions = await admin.fetchTopicOffsets(topic).catch(() => []);
    for (const { partition, offset } of partitions) ends.push({ topic, partition, offset });
  }
  return ends;
}

/**
 * Whether the read models are still being rebuilt: until the group has
 * committed the end offsets the topics had when the rebuild began. Once it
 * has, the marker says so and this process stops asking.
 */
export class RebuildProgress {
  private done = false;
  private checking: Promise<boolean> | null = null;
  private checkedAt = 0;
  private last = true;

  constructor(
    private readonly markers: ProjectionMarkerStore,
    private readonly admin: Admin,
    private readonly version = PROJECTION_VERSION,
  ) {}

  async rebuilding(): Promise<boolean> {
    if (this.done) return false;
    if (this.checking) return this.checking;
    if (Date.now() - this.checkedAt < PROGRESS_CHECK_MS) return this.last;
    // Kafka not answering (a group coordinator moving) says nothing about the rebuild: still rebuilding, ask again soon.
    this.checking = this.check()
      .catch(() => true)
      .finally(() => {
        this.checking = null;
        this.checkedAt = Date.now();
      });
    this.last = await this.checking;
    return this.last;
  }

  private async check(): Promise<boolean> {
    const marker = await this.markers.marker();
    if (!marker || marker.version !== this.version) return true;
    if (marker.rebuildUntil && !(await this.caughtUp(marker.group, marker.rebuildUntil))) return true;
    if (marker.rebuildUntil) await this.markers.rebuilt(this.version);
    this.done = true;
    return false;
  }

  private async caughtUp(groupId: string, until: PartitionOffset[]): Promise<boolean> {
    const topics = [...new Set(until.map((p) => p.topic))];
    if (topics.length === 0) return true;
    const committed = new Map<string, bigint>();
    for (const { topic, partitions } of await this.admin.fetchOffsets({ groupId, topics }))
      for (const { partition, offset } of partitions) committed.set(`${topic}/${partition}`, BigInt(offset));
    return until.every(
      ({ topic, partition, offset }) =>
        BigInt(offset) === 0n || (committed.get(`${topic}/${partition}`) ?? -1n) >= BigInt(offset),
    );
  }
}
