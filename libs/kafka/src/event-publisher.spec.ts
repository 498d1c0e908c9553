import type { Kafka } from 'kafkajs';
import { createLogger } from '@threadline/observability';
import { EventPublisher, MAX_SEND_BYTES } from './event-publisher';

/** A producer that records each batch it is asked to send (its messages' keys) and acknowledges it when told. */
function setUp() {
  const batches: string[][] = [];
  /** Bytes of each batch's values. */
  const sizes: number[] = [];
  const acknowledgements: (() => void)[] = [];
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: ({ topicMessages }: { topicMessages: { messages: { key: string; value: string }[] }[] }) => {
      batches.push(topicMessages.flatMap((t) => t.messages.map((m) => m.key)));
      sizes.push(topicMessages.flatMap((t) => t.messages).reduce((sum, m) => sum + Buffer.byteLength(m.value), 0));
      return new Promise<void>((resolve) => acknowledgements.push(resolve));
    },
  };
  const kafka = { producer: () => producer } as unknown as Kafka;
  const publisher = new EventPublisher(kafka, 'spec', createLogger('publisher-spec', 'silent'));
  const news = (key: string, reason: string | null = null) =>
    publisher.publish('delivery.updated.v1', {
      workspaceId: 'ws-1',
      key,
      payload: {
        channel: 'chat',
        messageId: key,
        status: reason ? 'failed' : 'delivered',
        reason,
        providerMessageId: null,
        at: new Date().toISOString(),
      },
    });
  const acknowledge = async () => {
    // Let the publisher reach its send first.
    await new Promise((resolve) => setImmediate(resolve));
    acknowledgements.shift()?.();
  };
  return { batches, sizes, news, acknowledge };
}

describe('EventPublisher', () => {
  it('sends events published together as one batch, in the order they were published: one acknowledgement', async () => {
    const { batches, news, acknowledge } = setUp();
    const published = Promise.all([news('change'), news('request'), news('message')]);
    // Whatever batches there are get acknowledged (a second one, if the events were split, too).
    await acknowledge();
    await acknowledge();
    await published;
    expect(batches).toEqual([['change', 'request', 'message']]);
  });

  it('gathers what is published while a batch is in flight into the next one', async () => {
    const { batches, news, acknowledge } = setUp();
    const first = news('a');
    await new Promise((resolve) => setImmediate(resolve));
    const rest = Promise.all([news('b'), news('c')]);
    await acknowledge();
    await first;
    await acknowledge();
    await rest;
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('splits a burst larger than Kafka takes in one send into several sends, in order, every event acknowledged', async () => {
    const { batches, sizes, news, acknowledge } = setUp();
    // 3,000 events of ~1.2 KB (Polish text, two bytes a letter): ~3.6 MB, which Kafka would refuse as one record batch.
    const reason = 'Skrzynka odbiorcy jest pełna — spróbuj później. '.repeat(12);
    const keys = Array.from({ length: 3000 }, (_, i) => `k${i}`);
    let settled = false;
    const published = Promise.all(keys.map((k) => news(k, reason))).finally(() => (settled = true));
    while (!settled) await acknowledge();
    await published;
    expect(batches.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_SEND_BYTES);
    expect(batches.flat()).toEqual(keys);
  });
});
