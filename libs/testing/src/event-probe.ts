import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { decodeEvent, type TypedEnvelope } from '@threadline/contracts';
import { ensureTopics } from '@threadline/kafka';
import { uniqueName } from './test-env';
import { waitFor } from './wait-for';

export interface RawRecord {
  topic: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the end (new events only) in its own consumer group, so
 * a test can wait for what the system published instead of sleeping.
 */
export class EventProbe {
  readonly records: RawRecord[] = [];
  private consumer: Consumer | null = null;

  constructor(private readonly brokers: string[]) {}

  async start(topics: string[]): Promise<void> {
    const kafka = new Kafka({ clientId: 'test-probe', brokers: this.brokers, logLevel: logLevel.NOTHING });
    // On a fresh broker no service may have created the topics yet (auto-creation is off).
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: uniqueName('probe'), maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    let assigned = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      assigned = true;
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
        this.records.push({ topic, key: message.key?.toString() ?? null, value: message.value, headers });
      },
    });
    await waitFor('probe consumer to join its group', () => assigned, { timeoutMs: 30_000 });
    // A consumer starting "from the end" needs its first fetch positions resolved before events are produced.
    await new Promise((r) => setTimeout(r, 500));
  }

  events(): TypedEnvelope[] {
    return this.records.flatMap((r) => {
      try {
        return [decodeEvent(r.value)];
      } catch {
        return [];
      }
    });
  }

  /** The contact.received.v1 events of one workspace seen so far. */
  contactsOf(workspaceId: string): TypedEnvelope<'contact.received.v1'>[] {
    return this.events().filter(
      (e) => e.type === 'contact.received.v1' && e.workspaceId === workspaceId,
    ) as TypedEnvelope<'contact.received.v1'>[];
  }

  /** The workspace's contacts once `n` are seen (the probe reads a moment behind a webhook's 200). */
  contactsWhen(workspaceId: string, n: number, timeoutMs = 5000): Promise<TypedEnvelope<'contact.received.v1'>[]> {
    return waitFor(
      `${n} contacts of ${workspaceId}`,
      () => {
        const contacts = this.contactsOf(workspaceId);
        return contacts.length >= n ? contacts : null;
      },
      { timeoutMs },
    );
  }

  waitForEvent(description: string, predicate: (e: TypedEnvelope) => boolean, timeoutMs = 30_000): Promise<TypedEnvelope> {
    return waitFor(description, () => this.events().find(predicate), { timeoutMs });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
