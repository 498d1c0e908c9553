import { Partitioners, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import {
  createEnvelope,
  EVENT_TYPES,
  type PersonalDataCodec,
  validateEvent,
  type EventType,
  type PayloadInputOf,
  type TypedEnvelope,
} from '@threadline/contracts';
import { currentCorrelation, type Logger, type PlatformMetrics } from '@threadline/observability';
import { HEADER } from './headers';
import { publishSpan } from './tracing';

export interface PublishInit<T extends EventType> {
  workspaceId: string;
  /** Partition key: ordering holds among events with the same key. */
  key: string;
  payload: PayloadInputOf<T>;
  /** Deterministic id for idempotent re-publishing; random when left out. */
  id?: string;
  causationId?: string | null;
  correlationId?: string;
  occurredAt?: Date;
}

interface Pending {
  topic: string;
  message: TopicMessages['messages'][number];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * At most this many bytes of events (keys, values, headers) leave in one send. Kafka refuses a partition's record
 * batch over its `message.max.bytes` (1 MiB by default) with MESSAGE_TOO_LARGE, which is not retriable: a burst
 * gathered into one send (a replay, a mailbox's backlog) would otherwise fail whole, and fail again on every retry.
 */
export const MAX_SEND_BYTES = 512 * 1024;

/**
 * Protocol errors after which an idempotent producer's sequence state is
 * broken for good (kafkajs never recovers from them by itself: every later
 * send fails too). The cure is a new producer, i.e. a new producer id.
 */
const PRODUCER_STATE_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

function breaksProducerState(error: unknown): boolean {
  for (let e = error as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.type && PRODUCER_STATE_ERRORS.has(e.type)) return true;
  }
  return false;
}

/**
 * Type-checked, validated publishing through an idempotent producer with acks
 * from all in-sync replicas. Concurrent publishes are collected and written
 * as one batch at a time: kafkajs's idempotent producer needs its sends
 * serialised (kafkajs #598), and batching is what makes that fast.
 * `publish` resolves only once Kafka has acknowledged the event.
 */
export class EventPublisher {
  private producer: Producer;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly kafka: Kafka,
    /** The publishing service, on every envelope (and on its trace spans). */
    readonly source: string,
    private readonly logger: Logger,
    private readonly metrics?: PlatformMetrics,
    /** Seals the personal fields of the events that carry them (crypto-shredding); absent: published as they are. */
    private readonly personalData?: PersonalDataCodec,
  ) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // kafkajs 2's default (murmur2 like the Java client), named so it does not warn at every start.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  /** Waits for queued events to be acknowledged, then disconnects. */
  async disconnect(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.producer.disconnect();
  }

  private async replaceProducer(): Promise<void> {
    this.logger.warn('idempotent producer state lost; starting a new producer');
    await this.producer.disconnect().catch(() => undefined);
    this.producer = this.newProducer();
    await this.producer.connect();
  }

  async publish<T extends EventType>(type: T, init: PublishInit<T>): Promise<TypedEnvelope<T>> {
    const context = currentCorrelation();
    const envelope = validateEvent(
      createEnvelope({
        type,
        version: EVENT_TYPES[type].version,
        source: this.source,
        workspaceId: init.workspaceId,
        key: init.key,
        payload: init.payload,
        id: init.id,
        correlationId: init.correlationId ?? context?.correlationId,
        causationId: init.causationId !== undefined ? init.causationId : (context?.causationId ?? null),
        occurredAt: init.occurredAt,
      }),
    ) as TypedEnvelope<T>;
    const wire = this.personalData ? await this.personalData.seal(envelope) : envelope;
    const topic = EVENT_TYPES[type].topic;
    await publishSpan(this.source, topic, type, (traceHeaders) =>
      this.enqueue(topic, {
        key: wire.key,
        value: JSON.stringify(wire),
        headers: {
          [HEADER.correlationId]: envelope.correlationId,
          [HEADER.eventType]: envelope.type,
          [HEADER.eventId]: envelope.id,
          ...traceHeaders,
        },
      }),
    );
    this.metrics?.eventsProduced.inc({ type });
    return envelope;
  }

  private enqueue(topic: string, message: Pending['message']): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ topic, message, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      // One microtask's wait: events published together (one after the other in the same turn, e.g. a reply's change,
      // message and request) leave in one batch, one acknowledgement, instead of the first alone and the rest after it.
      await Promise.resolve();
      while (this.pending.length > 0) {
        const batch = this.takeBatch();
        const byTopic = new Map<string, TopicMessages['messages']>();
        for (const p of batch) {
          const messages = byTopic.get(p.topic) ?? [];
          messages.push(p.message);
          byTopic.set(p.topic, messages);
        }
        try {
          await this.producer.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          });
          batch.forEach((p) => p.resolve());
        } catch (error) {
          this.logger.error({ err: error, events: batch.length }, 'publishing failed');
          // Callers get the error and retry (consumers by their retry policy, channels on their next sync).
          batch.forEach((p) => p.reject(error));
          if (breaksProducerState(error)) await this.replaceProducer();
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /** The oldest pending events up to MAX_SEND_BYTES (at least one: an event alone over the limit gets Kafka's own answer). */
  private takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < this.pending.length) {
      bytes += sizeOf(this.pending[count].message);
      if (count > 0 && bytes > MAX_SEND_BYTES) break;
      count++;
    }
    return this.pending.splice(0, count);
  }
}

function sizeOf({ key, value, headers }: Pending['message']): number {
  let bytes = byteLength(key) + byteLength(value);
  for (const [name, header] of Object.entries(headers ?? {})) bytes += name.length + byteLength(header);
  return bytes;
}

function byteLength(value: string | Buffer | (string | Buffer)[] | null | undefined): number {
  if (value == null) return 0;
  if (Array.isArray(value)) return value.reduce((sum, v) => sum + byteLength(v), 0);
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
