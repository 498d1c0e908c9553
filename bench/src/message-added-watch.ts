import type { Consumer } from 'kafkajs';
import { TOPICS, validateEvent } from '@threadline/contracts';
import { createKafkaClient, ensureTopics } from '@threadline/kafka';
import { createLogger, type Logger } from '@threadline/observability';
import { percentileFigures, type SentRequest } from './rate-steps';
import type { Figure } from './report';

export interface Arrival {
  /** When the tickets service produced the event (the Kafka record's CreateTime, this machine's clock). */
  at: number;
  /** The timeline entries this contact became (more than one would be a doubled contact). */
  messageIds: Set<string>;
  /** The ticket it landed on. */
  ticketNumber: number;
}

/** An inbound timeline entry as it is announced (for a bench agent that answers it). */
export interface InboundAnnounced {
  causationId: string;
  ticketNumber: number;
  channel: string;
  /** The Kafka record's CreateTime. */
  at: number;
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
  /** Called for every inbound entry first announced (a redelivery is not announced again). */
  onInbound: ((entry: InboundAnnounced) => void) | null = null;
  private consumer: Consumer | null = null;

  constructor(
    private readonly brokers: string[],
    private readonly workspaceId: string,
    readonly logger: Logger,
  ) {}

  /** Creates the platform's topics (the services expect them) and starts watching `workspaceId` in group bench-watch-<run>. */
  static async started(brokers: string[], workspaceId: string, run: string): Promise<MessageAddedWatch> {
    const logger = createLogger('bench', 'warn');
    const admin = createKafkaClient({ brokers, clientId: 'bench', logger }).admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
    const watch = new MessageAddedWatch(brokers, workspaceId, logger);
    await watch.start(`bench-watch-${run}`);
    return watch;
  }

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
    const payload = event.payload as { messageId: string; direction: string; number: number; channel: string };
    if (payload.direction !== 'inbound' || !event.causationId) return;
    const seen = this.arrivals.get(event.causationId);
    if (seen) {
      // A redelivered contact is announced again under the same event id: the earliest counts.
      seen.at = Math.min(seen.at, at);
      seen.messageIds.add(payload.messageId);
      return;
    }
    this.arrivals.set(event.causationId, { at, messageIds: new Set([payload.messageId]), ticketNumber: payload.number });
    this.onInbound?.({ causationId: event.causationId, ticketNumber: payload.number, channel: payload.channel, at });
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

  /**
   * Request sent → the ticket.message-added.v1 of each contact it carried,
   * per step and over all, once every contact of a request answered 200 has
   * arrived or `drainMs` is over; `notes` say what is missing or doubled.
   */
  async latencyFigures(sent: SentRequest[], steps: { rate: number }[], drainMs: number, what: string) {
    const figures: Figure[] = [];
    const notes: string[] = [];
    const delivered = sent.filter((s) => s.status === 200);
    const ids = delivered.flatMap((s) => s.eventIds);
    await this.waitFor(ids, drainMs).catch((error: unknown) => {
      notes.push(`not every ${what} reached a ticket within ${drainMs / 1000} s: ${(error as Error).message}`);
    });
    const latency = (list: SentRequest[]) =>
      list.flatMap((s) => s.eventIds.filter((id) => this.arrivals.has(id)).map((id) => this.arrivals.get(id)!.at - s.sentAt));
    for (const [step, { rate }] of steps.entries()) {
      figures.push(
        ...percentileFigures(`${rate}/s: ${what} sent → ticket.message-added`, latency(delivered.filter((s) => s.step === step))),
      );
    }
    if (steps.length > 1)
      figures.push(...percentileFigures(`all steps: ${what} sent → ticket.message-added`, latency(delivered)));
    const reached = ids.filter((id) => this.arrivals.has(id));
    figures.push({ name: `${what} on a ticket / answered 200`, value: reached.length, unit: `of ${ids.length}`, kind: 'result' });
    const doubled = reached.filter((id) => this.arrivals.get(id)!.messageIds.size !== 1).length;
    if (doubled) notes.push(`${doubled} ${what} became more than one timeline entry`);
    return { figures, notes, missing: ids.length - reached.length, doubled };
  }
}
