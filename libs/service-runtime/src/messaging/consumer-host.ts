import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { CommonConfig } from '@threadline/config';
import {
  TOPICS,
  type Channel,
  type PersonalDataCodec,
  type PersonalDataRemoval,
  type AnyEvent,
  type TypedEnvelope,
} from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import { EventConsumer, EventPublisher, type EventConsumerOptions } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { HealthRegistry } from '../health/health-registry';
import { CONFIG, KAFKA, LOGGER, METRICS, PERSONAL_DATA } from '../tokens';
import { measureConsumerLag, recordConsumerLag, type LagGroup, type PartitionLag } from './consumer-lag';

export type ConsumerSpec = Pick<
  EventConsumerOptions,
  'groupId' | 'topics' | 'handler' | 'batch' | 'retry' | 'fromBeginning' | 'onAssignment' | 'onUnknownType' | 'types' | 'wants'
>;

/**
 * Owns a service's Kafka consumers: started once the app is up, stopped first
 * on shutdown so in-flight events finish before the producer and store close.
 * Measures their lag per partition every CONSUMER_LAG_INTERVAL_MS for /metrics.
 */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers: EventConsumer[] = [];
  private readonly groups: LagGroup[] = [];
  private lagAdmin: Admin | null = null;
  private lagTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
    @Inject(CONFIG) private readonly config: CommonConfig,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCodec | null,
  ) {}

  add(spec: ConsumerSpec): void {
    const consumer = new EventConsumer(this.kafka, {
      ...spec,
      publisher: this.publisher,
      logger: this.logger.child({ consumerGroup: spec.groupId }),
      metrics: this.metrics,
      personalData: this.personalData ?? undefined,
    });
    this.consumers.push(consumer);
    this.groups.push({ groupId: spec.groupId, topics: spec.topics, fromBeginning: spec.fromBeginning ?? true });
    this.health.register(`consumer:${spec.groupId}`, async () => {
      if (!consumer.healthy) throw new Error(consumer.problem ?? 'unhealthy');
    });
  }

  /**
   * A channel connector's consumer of outbound.requested.v1, in its own group:
   * `handle` sees only the messages for `channel`; the rest are ignored.
   * `handleMany` (optional) takes a partition's consecutive messages for the
   * channel at once, one outcome each; `handle` stays the fallback.
   */
  addOutbound(
    groupId: string,
    channel: Channel,
    handle: (event: TypedEnvelope<'outbound.requested.v1'>) => Promise<HandlerOutcome>,
    handleMany?: (events: TypedEnvelope<'outbound.requested.v1'>[]) => Promise<HandlerOutcome[]>,
  ): void {
    const forChannel = (event: AnyEvent): event is TypedEnvelope<'outbound.requested.v1'> =>
      event.type === 'outbound.requested.v1' && event.payload.channel === channel;
    this.add({
      groupId,
      topics: [TOPICS.outboundRequested.name],
      handler: async (event) => (forChannel(event) ? handle(event) : 'ignored'),
      ...(handleMany && {
        batch: {
          handle: async (events) => {
            const outcomes = await handleMany(events.filter(forChannel));
            let next = 0;
            return events.map((event) => (forChannel(event) ? outcomes[next++] : 'ignored'));
          },
        },
      }),
    });
  }

  /**
   * A service's consumer of customer.erased.v1 and customer.data-expired.v1 (a
   * retention period ran out), in its own group: `erase` removes that
   * service's copies of what the event names. It must be safe to repeat (a
   * redelivery finds them gone).
   */
  addCustomerErasure(groupId: string, erase: (workspaceId: string, removal: PersonalDataRemoval) => Promise<void>): void {
    this.add({
      groupId,
      topics: [TOPICS.customerEvents.name],
      handler: async (event) => {
        if (event.type === 'customer.erased.v1') {
          const { workspaceId, payload } = event;
          await erase(workspaceId, { ...payload, rejectedMailsBefore: null });
          return 'done';
        }
        if (event.type === 'customer.data-expired.v1') {
          const { workspaceId, payload } = event;
          await erase(workspaceId, payload);
          return 'done';
        }
        return 'ignored';
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.start()));
    if (this.groups.length === 0) return;
    this.lagAdmin = this.kafka.admin();
    await this.lagAdmin.connect();
    let measuring = false;
    this.lagTimer = setInterval(() => {
      if (measuring) return;
      measuring = true;
      this.measureLag()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not measure consumer lag'))
        .finally(() => (measuring = false));
    }, this.config.CONSUMER_LAG_INTERVAL_MS).unref();
  }

  /** Every group's lag per partition, now; also recorded in threadline_kafka_consumer_lag. */
  async measureLag(): Promise<PartitionLag[]> {
    if (!this.lagAdmin) return [];
    const lags = await measureConsumerLag(this.lagAdmin, this.groups);
    recordConsumerLag(this.metrics, lags);
    return lags;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    await Promise.all(this.consumers.map((c) => c.stop()));
    const admin = this.lagAdmin;
    this.lagAdmin = null;
    await admin?.disconnect();
  }
}
