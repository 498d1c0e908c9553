import type { Consumer } from 'kafkajs';
import { TOPICS, validateEvent } from '@threadline/contracts';
import { createKafkaClient } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';

export interface Arrival {
  /** When the tickets service produced the event (the Kafka record's CreateTime, this machine's clock). */
  at: number;
  /** The timeline entries this contact became (more than one would be a doubled contact). */
  messageIds: Set<string>;
}

/**
 * Reads ticket.events.v1 from the start in its own consumer group and keeps,
 * per causing event id (the contact's envelope id), when its first
 * `ticket.message-added.v1` was produced — the public contract of the tickets
 * service, nothing of its store. Also counts the tickets it announced.
 */
export class MessageAddedWatch {
  readonly arrivals = new Map<string, Arrival>();
  readonly ticketsCreated = new Set<string>();
  invalid = 0;
  private consumer: Consumer | null = null;

  constructor(
    private readonly brokers: string[],
    private readonly workspaceId: string,
    private readonly logger: Logger,
  ) {}

  async start(groupId: string): Promise<void> {
    const kafka = createKafkaClient({ brokers: this.brokers, clientId: 'bench-watch', logger: this.logger });
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.ticketEvents.name, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      partitionsConsumedConcurrently: TOPICS.ticketEvents.partitions,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) this.take(message.value, Number(message.timestamp));
      },
    });
    await joined;
  }

  private take(value: Buffer | null, at: number): void {
    let raw: { type?: unknown; workspaceId?: unknown };
    try {
      raw = JSON.parse(value?.toString('utf8') ?? 'null') as typeof raw;
    } catch {
      this.invalid++;
      return;
    }
    if (raw?.workspaceId !== this.workspaceId) return;
    // Other ticket.* types (including ones newer than this build) are not ours to judge.
    if (raw.type !== 'ticket.message-added.v1' && raw.type !== 'ticket.created.v1') return;
    let event;
    try {
      event = validateEvent(raw);
    } catch {
      this.invalid++;
      return;
    }
    if (event.type === 'ticket.created.v1') {
      this.ticketsCreated.add((event.payload as { ticketId: string }).ticketId);
      return;
    }
    const payload = event.payload as { messageId: string; direction: string };
    if (payload.direction !== 'inbound' || !event.causationId) return;
    const seen = this.arrivals.get(event.causationId);
    if (seen) {
      // A redelivered contact is announced again under the same event id: the earliest counts.
      seen.at = Math.min(seen.at, at);
      seen.messageIds.add(payload.messageId);
    } else this.arrivals.set(event.causationId, { at, messageIds: new Set([payload.messageId]) });
  }

  /** Resolves once `ids` have all arrived; rejects after `timeoutMs` naming how many are missing. */
  async waitFor(ids: Iterable<string>, timeoutMs: number): Promise<void> {
    const wanted = [...ids];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const missing = wanted.filter((id) => !this.arrivals.has(id)).length;
      if (missing === 0) return;
      if (Date.now() > deadline) {
        throw new Error(`${missing}/${wanted.length} contacts had no ticket.message-added.v1 after ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
