import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import {
  InvalidEventError,
  parseEventJson,
  UnknownEventTypeError,
  validateEvent,
  type PersonalDataCodec,
  type AnyEvent,
  type EventType,
} from '@threadline/contracts';
import { withCorrelation, type Logger, type PlatformMetrics } from '@threadline/observability';
import type { EventPublisher } from './event-publisher';
import { HEADER, headersToStrings } from './headers';
import { consumeBatchSpan, consumeSpan, type ConsumedFrom } from './tracing';
import { isTransientError } from './transient-errors';

/** What a handler did with an event: applied it, or saw it had been applied before. */
export type HandlerOutcome = 'done' | 'duplicate' | 'ignored';

/** Where an event was read: a handler that keeps per-partition state (e.g. SLA timers) needs the partition. */
export interface EventSource {
  topic: string;
  partition: number;
}

export type EventHandler = (event: AnyEvent, source: EventSource) => Promise<HandlerOutcome>;

/** The partitions this member holds per topic; empty while a rebalance is under way or once stopped. */
export type PartitionAssignment = Record<string, number[]>;

/**
 * Handles a run of consecutive events of one partition at once (read once,
 * decide in memory, write in bulk); answers one outcome per event, in order.
 * It must leave the same effect as `handler` applied to each event in turn,
 * and be safe to repeat: if it throws, the consumer falls back to `handler`,
 * one event at a time, with its retries and dead letters.
 */
export type BatchEventHandler = (events: AnyEvent[], from: BatchSource) => Promise<HandlerOutcome[]>;

/**
 * Where a batch was read. `caughtUp`: its last event was the partition's last when fetched (a replay's final batch,
 * or any batch of live traffic), so a handler can do upkeep it would put off while a backlog is still coming.
 */
export interface BatchSource extends EventSource {
  caughtUp: boolean;
}

export interface BatchHandling {
  handle: BatchEventHandler;
  /** Most events per call (a Kafka fetch can bring thousands). Default 100. */
  maxEvents?: number;
  /** Bytes one fetch may bring per partition (kafkajs: 1 MiB): raise it with `maxEvents` for batches of more than a fetch. */
  fetchBytesPerPartition?: number;
}

/** Throw this from a handler for an event that no retry can fix: it goes straight to the dead letters. */
export class NonRetriableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonRetriableError';
  }
}

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  handler: EventHandler;
  /** Optional: consecutive events of a partition handled together; `handler` stays the fallback for a batch that fails. */
  batch?: BatchHandling;
  /** Used for dead letters. */
  publisher: EventPublisher;
  logger: Logger;
  metrics?: PlatformMetrics;
  retry?: Partial<RetryPolicy>;
  /** Start from the earliest offset when the group has none (default true). */
  fromBeginning?: boolean;
  /**
   * Set by a consumer that reads every event (a projection): an event of a type or version
   * it does not know is counted (outcome `unknown-type`), reported here and skipped instead
   * of dead-lettered, so a newer producer never stops it.
   */
  onUnknownType?: (eventType: string, topic: string) => void;
  /** Partitions handled in parallel; order within a partition (one key) always holds. Default 6 (all of ours). */
  partitionsInParallel?: number;
  /** Told when the group hands this member its partitions, and (with {}) when a rebalance takes them away or it stops. */
  onAssignment?: (assignment: PartitionAssignment) => void;
  /** Opens sealed personal fields before validation; an erased subject's fields read as erased markers. */
  personalData?: PersonalDataCodec;
  /**
   * The only event types the handlers want (a consumer of one type on a busy topic): any other is passed over by its
   * event-type header, before it is parsed and validated, and counted as ignored, the outcome its handler would have
   * given; an unwanted event stays in its batch's run, its offset resolved in order. Unset: every type is decoded.
   */
  types?: readonly EventType[];
  /**
   * Looks at an event as parsed, before it is opened and validated, and answers false for one `handler` would
   * ignore anyway (an outbound message to a consumer of customers' words): it is counted `ignored` and skipped,
   * not validated nor dead-lettered by this group (the groups that use it validate it). Say false only when sure.
   */
  wants?: (event: UncheckedEvent) => boolean;
}

/** An event's envelope as parsed from the bus, not yet validated: any field may be missing or of another shape. */
export interface UncheckedEvent {
  type?: unknown;
  version?: unknown;
  payload?: unknown;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 5000 };
/** How often a consumer heartbeats while a batch handler runs (kafkajs's own heartbeat interval is 3 s). */
const PACEMAKER_MS = 3000;

class StoppedWhileRetrying extends Error {}

/** What `decode` answers for an event `types` or `wants` turned down: skipped where it stands, its offset resolved in order. */
const UNWANTED = Symbol('unwanted');

/**
 * Batch consumption on kafkajs with the rules every Threadline consumer needs:
 * each event validated; a handler failure retried with backoff, then sent to
 * the dead-letter topic with its reason so the partition keeps moving (but a
 * dependency's failure is retried until the dependency is back); offsets
 * resolved only after an event is handled; on stop, the event in hand finishes
 * and nothing after it is committed. We use kafkajs directly rather than the
 * Nest Kafka transport, which retries a poison message forever (nest #14664)
 * and serialises all topics through one handler (nest #12703).
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly retry: RetryPolicy;
  private crashed: Error | null = null;
  /** Set while an event keeps failing on a dependency (store or bus down). */
  private degraded: string | null = null;
  private stopping = false;
  private readonly wanted: ReadonlySet<string> | null;

  constructor(
    kafka: Kafka,
    private readonly options: EventConsumerOptions,
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.wanted = options.types ? new Set(options.types) : null;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      // kafkajs waits 5 s by default for a fetch to fill: far too slow for live traffic.
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
      ...(options.batch?.fetchBytesPerPartition && {
        maxBytesPerPartition: options.batch.fetchBytesPerPartition,
        // A fetch's whole answer (kafkajs: 10 MiB) must hold one partition's; not every partition's at once, which a
        // small broker heap (tests, benches: 512 MiB) serves slowly enough to drop the group's members.
        maxBytes: Math.max(10 * 2 ** 20, options.batch.fetchBytesPerPartition),
      }),
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts itself on retriable errors; otherwise this consumer is dead (kafkajs #1445).
      if (!payload.restart) this.crashed = payload.error;
      options.logger.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
      options.onAssignment?.({});
    });
    if (options.onAssignment) {
      const tell = options.onAssignment;
      this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => tell(payload.memberAssignment));
      // kafkajs gives no "revoked" callback: a rebalance starting means the partitions may be gone.
      this.consumer.on(this.consumer.events.REBALANCING, () => tell({}));
      this.consumer.on(this.consumer.events.STOP, () => tell({}));
    }
  }

  /** False once the consumer has crashed for good, or while it is stuck retrying on a dependency; /health reports it. */
  get healthy(): boolean {
    return this.crashed === null && this.degraded === null;
  }

  get problem(): string | null {
    if (this.crashed) return `crashed: ${this.crashed.message}`;
    return this.degraded ? `retrying an event: ${this.degraded}` : null;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsInParallel ?? 6,
      autoCommitInterval: 1000,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
  }

  private async handleBatch(payload: EachBatchPayload) {
    if (this.options.batch) return this.handleInChunks(payload, this.options.batch);
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.stopping) break;
      try {
        await this.handleMessage(batch.topic, batch.partition, message, heartbeat);
      } catch (error) {
        if (error instanceof StoppedWhileRetrying) break;
        throw error;
      }
      resolveOffset(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
  }

  /**
   * Batch mode: runs of up to `maxEvents` valid events go to the batch handler
   * together; an invalid message goes to the dead letters where it stands. A
   * run whose batch handler throws is handled again event by event, so a
   * poison event still ends in the dead letters alone and the rest applies.
   */
  private async handleInChunks(
    { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload,
    handling: BatchHandling,
  ) {
    const maxEvents = handling.maxEvents ?? 100;
    const running = () => isRunning() && !isStale() && !this.stopping;
    // An unwanted event (`wants`) stays in the run without being handed over: its offset is resolved with the run's.
    let run: { message: KafkaMessage; event: AnyEvent | null }[] = [];
    let events = 0;
    const flush = async () => {
      if (run.length === 0) return;
      const chunk = run;
      run = [];
      events = 0;
      // The fetch's high watermark is the offset after the partition's last event when fetched.
      const caughtUp = Number(chunk[chunk.length - 1].message.offset) + 1 >= Number(batch.highWatermark);
      await this.handleChunk(
        { topic: batch.topic, partition: batch.partition, caughtUp },
        chunk,
        handling,
        heartbeat,
        resolveOffset,
      );
      await heartbeat();
    };
    try {
      for (const message of batch.messages) {
        if (!running()) break;
        const event = await this.decode(batch.topic, batch.partition, message);
        if (event === UNWANTED) {
          run.push({ message, event: null });
          continue;
        }
        if (!event) {
          // Skipped or dead-lettered: the events before it are handled first, so offsets stay in order.
          await flush();
          resolveOffset(message.offset);
          continue;
        }
        run.push({ message, event });
        if (++events >= maxEvents) await flush();
      }
      if (running()) await flush();
    } catch (error) {
      if (!(error instanceof StoppedWhileRetrying)) throw error;
    }
    await commitOffsetsIfNecessary();
  }

  private async handleChunk(
    from: BatchSource,
    chunk: { message: KafkaMessage; event: AnyEvent | null }[],
    handling: BatchHandling,
    heartbeat: () => Promise<void>,
    resolveOffset: (offset: string) => void,
  ) {
    const { logger, metrics } = this.options;
    const { topic, partition } = from;
    const wanted = chunk.filter((c): c is { message: KafkaMessage; event: AnyEvent } => c.event !== null);
    if (wanted.length === 0) {
      resolveOffset(chunk[chunk.length - 1].message.offset);
      return;
    }
    // A batch can take longer than the group's session timeout: keep heartbeating meanwhile, or the
    // group drops this member and another one handles the same batch again.
    const pacemaker = setInterval(() => void heartbeat().catch(() => undefined), PACEMAKER_MS);
    try {
      const outcomes = await consumeBatchSpan(this.tracedAs(topic, partition), wanted, () =>
        handling.handle(
          wanted.map((c) => c.event),
          from,
        ),
      );
      if (outcomes.length !== wanted.length) {
        throw new Error(`batch handler answered ${outcomes.length} outcomes for ${wanted.length} events`);
      }
      for (const outcome of outcomes) metrics?.eventsConsumed.inc({ topic, outcome });
      this.degraded = null;
      resolveOffset(chunk[chunk.length - 1].message.offset);
      return;
    } catch (error) {
      // Whatever the batch wrote is what the single-event path would have written first; it completes the rest.
      logger.warn(
        { err: error, topic, partition, events: wanted.length },
        'batch handler failed; handling its events one by one',
      );
    } finally {
      clearInterval(pacemaker);
    }
    for (const { message, event } of chunk) {
      if (this.stopping) throw new StoppedWhileRetrying();
      if (event) await this.handleMessage(topic, partition, message, heartbeat);
      resolveOffset(message.offset);
    }
  }

  /**
   * The event; `UNWANTED` for one `types` or `wants` turned down (skipped where it stands); null once an unknown type
   * was skipped or an invalid event dead-lettered.
   */
  private async decode(topic: string, partition: number, message: KafkaMessage): Promise<AnyEvent | typeof UNWANTED | null> {
    const { logger, metrics, personalData } = this.options;
    const type = message.headers?.[HEADER.eventType];
    // A message without the header (none of ours) is decoded, and its handler decides.
    if (this.wanted && (typeof type === 'string' || Buffer.isBuffer(type)) && !this.wanted.has(type.toString())) {
      metrics?.eventsConsumed.inc({ topic, outcome: 'ignored' });
      return UNWANTED;
    }
    try {
      const parsed = parseEventJson(message.value);
      if (this.options.wants && parsed !== null && typeof parsed === 'object' && !this.options.wants(parsed)) {
        metrics?.eventsConsumed.inc({ topic, outcome: 'ignored' });
        return UNWANTED;
      }
      // A store failure while opening is not the event's fault: it is thrown, and the batch retried.
      return validateEvent(personalData ? await personalData.open(parsed) : parsed);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      if (error instanceof UnknownEventTypeError && this.options.onUnknownType) {
        metrics?.eventsConsumed.inc({ topic, outcome: 'unknown-type' });
        logger.warn({ topic, partition, offset: message.offset, reason: error.reason }, 'event of an unknown type skipped');
        this.options.onUnknownType(error.eventType, topic);
        return null;
      }
      const reason = error instanceof InvalidEventError ? error.reason : String(error);
      await this.deadLetter(topic, partition, message, reason, 0);
      return null;
    }
  }

  private async handleMessage(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>) {
    const { logger, metrics, handler } = this.options;
    const event = await this.decode(topic, partition, message);
    if (!event || event === UNWANTED) return;

    const context = { correlationId: event.correlationId, causationId: event.id, workspaceId: event.workspaceId };
    const traced = this.tracedAs(topic, partition);
    await withCorrelation(context, () =>
      consumeSpan(traced, message, event.type, async () => {
        const timer = metrics?.handlerSeconds.startTimer({ topic });
        for (let attempt = 1; ; attempt++) {
          try {
            const outcome = await handler(event, { topic, partition });
            metrics?.eventsConsumed.inc({ topic, outcome });
            if (outcome !== 'done') logger.debug({ eventId: event.id, type: event.type, outcome }, 'event not applied');
            break;
          } catch (error) {
            const transient = isTransientError(error);
            const final = error instanceof NonRetriableError || (!transient && attempt >= this.retry.attempts);
            logger.warn({ err: error, eventId: event.id, type: event.type, attempt, final, transient }, 'event handler failed');
            if (final) {
              await this.deadLetter(topic, partition, message, describeError(error), attempt);
              break;
            }
            // A dependency is down: the event is fine, so it waits (and the partition with it) rather than being dead-lettered.
            if (transient && attempt >= this.retry.attempts) this.degraded = describeError(error);
            await this.backoff(attempt, heartbeat);
          }
        }
        this.degraded = null;
        timer?.();
      }),
    );
  }

  private tracedAs(topic: string, partition: number): ConsumedFrom {
    return { service: this.options.publisher.source, groupId: this.options.groupId, topic, partition };
  }

  private async backoff(attempt: number, heartbeat: () => Promise<void>) {
    const delay = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (attempt - 1));
    const until = Date.now() + delay;
    while (Date.now() < until) {
      if (this.stopping) throw new StoppedWhileRetrying();
      await new Promise((r) => setTimeout(r, Math.min(250, until - Date.now())));
      await heartbeat();
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: string, attempts: number) {
    const { publisher, logger, metrics, groupId } = this.options;
    logger.error({ topic, partition, offset: message.offset, reason }, 'event sent to dead letters');
    metrics?.eventsConsumed.inc({ topic, outcome: 'dead-lettered' });
    await publisher.publish('platform.dead-letter.v1', {
      workspaceId: workspaceOf(message) ?? 'unknown',
      key: `${topic}/${partition}`,
      payload: {
        originalTopic: topic,
        partition,
        offset: message.offset,
        consumerGroup: groupId,
        reason,
        attempts,
        keyBase64: message.key ? message.key.toString('base64') : null,
        valueBase64: message.value ? message.value.toString('base64') : null,
        headers: headersToStrings(message.headers),
        failedAt: new Date().toISOString(),
      },
    });
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function workspaceOf(message: KafkaMessage): string | null {
  try {
    const parsed = JSON.parse(message.value?.toString('utf8') ?? '');
    return typeof parsed?.workspaceId === 'string' && parsed.workspaceId ? parsed.workspaceId : null;
  } catch {
    return null;
  }
}
