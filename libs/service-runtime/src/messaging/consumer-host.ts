import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPICS, type Channel, type TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import { EventConsumer, EventPublisher, type EventConsumerOptions } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { HealthRegistry } from '../health/health-registry';
import { KAFKA, LOGGER, METRICS } from '../tokens';

export type ConsumerSpec = Pick<
  EventConsumerOptions,
  'groupId' | 'topics' | 'handler' | 'batch' | 'retry' | 'fromBeginning' | 'onAssignment' | 'onUnknownType'
>;

/**
 * Owns a service's Kafka consumers: started once the app is up, stopped first
 * on shutdown so in-flight events finish before the producer and store close.
 */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers: EventConsumer[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  add(spec: ConsumerSpec): void {
    const consumer = new EventConsumer(this.kafka, {
      ...spec,
      publisher: this.publisher,
      logger: this.logger.child({ consumerGroup: spec.groupId }),
      metrics: this.metrics,
    });
    this.consumers.push(consumer);
    this.health.register(`consumer:${spec.groupId}`, async () => {
      if (!consumer.healthy) throw new Error(consumer.problem ?? 'unhealthy');
    });
  }

  /**
   * A channel connector's consumer of outbound.requested.v1, in its own group:
   * `handle` sees only the messages for `channel`; the rest are ignored.
   */
  addOutbound(
    groupId: string,
    channel: Channel,
    handle: (event: TypedEnvelope<'outbound.requested.v1'>) => Promise<HandlerOutcome>,
  ): void {
    this.add({
      groupId,
      topics: [TOPICS.outboundRequested.name],
      handler: async (event) => {
        if (event.type !== 'outbound.requested.v1') return 'ignored';
        const outbound = event as TypedEnvelope<'outbound.requested.v1'>;
        return outbound.payload.channel === channel ? handle(outbound) : 'ignored';
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
