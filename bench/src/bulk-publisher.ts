import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import { createEnvelope, EVENT_TYPES, validateEvent, type EventType, type PayloadInputOf } from '@threadline/contracts';
import { HEADER } from '@threadline/kafka';

type PublishedEvent<T extends EventType> = { workspaceId: string; key: string; payload: PayloadInputOf<T> };

/** Messages per send: a few hundred KB per partition, under the broker's 1 MB record batch. */
const CHUNK = 3_000;

/**
 * Loads history onto the topics fast: events validated and enveloped like
 * `EventPublisher` makes them, queued, and sent in large batches one after
 * another (so a key's events keep their order), by one plain producer with
 * acks from all in-sync replicas. For benches that publish before anything
 * consumes; services publish through `EventPublisher`.
 */
export class BulkPublisher {
  private readonly producer: Producer;
  private queued: { topic: string; message: TopicMessages['messages'][number] }[] = [];
  published = 0;

  constructor(
    kafka: Kafka,
    private readonly source: string,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /** Queues one event; sent by the next `flush`. */
  publish<T extends EventType>(type: T, init: PublishedEvent<T>): void {
    this.publishAs(this.source, type, init);
  }

  /** The same queue publishing as another service (one queue: the order of its events holds across sources). */
  as(source: string): Pick<BulkPublisher, 'publish'> {
    return { publish: (type, init) => this.publishAs(source, type, init) };
  }

  private publishAs<T extends EventType>(source: string, type: T, init: PublishedEvent<T>): void {
    const envelope = validateEvent(createEnvelope({ type, version: EVENT_TYPES[type].version, source, ...init }));
    this.queued.push({
      topic: EVENT_TYPES[type].topic,
      message: {
        key: envelope.key,
        value: JSON.stringify(envelope),
        headers: { [HEADER.correlationId]: envelope.correlationId, [HEADER.eventType]: type, [HEADER.eventId]: envelope.id },
      },
    });
  }

  /** Sends what is queued once a chunk is full (call between publishes, awaited: sends never overlap). */
  async flushFull(): Promise<void> {
    if (this.queued.length >= CHUNK) await this.flush();
  }

  /** Sends everything queued, a chunk at a time. */
  async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const chunk = this.queued.splice(0, CHUNK);
      const byTopic = new Map<string, TopicMessages['messages']>();
      for (const { topic, message } of chunk) {
        const messages = byTopic.get(topic) ?? [];
        messages.push(message);
        byTopic.set(topic, messages);
      }
      await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      this.published += chunk.length;
    }
  }

  async disconnect(): Promise<void> {
    await this.flush();
    await this.producer.disconnect();
  }
}
