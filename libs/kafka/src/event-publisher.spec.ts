import type { Kafka } from 'kafkajs';
import { createLogger } from '@threadline/observability';
import { EventPublisher } from './event-publisher';

/** A producer that records each batch it is asked to send (its messages' keys) and acknowledges it when told. */
function setUp() {
  const batches: string[][] = [];
  const acknowledgements: (() => void)[] = [];
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: ({ topicMessages }: { topicMessages: { messages: { key: string }[] }[] }) => {
      batches.push(topicMessages.flatMap((t) => t.messages.map((m) => m.key)));
      return new Promise<void>((resolve) => acknowledgements.push(resolve));
    },
  };
  const kafka = { producer: () => producer } as unknown as Kafka;
  const publisher = new EventPublisher(kafka, 'spec', createLogger('publisher-spec', 'silent'));
  const news = (key: string) =>
    publisher.publish('delivery.updated.v1', {
      workspaceId: 'ws-1',
      key,
      payload: {
        channel: 'chat',
        messageId: key,
        status: 'delivered',
        reason: null,
        providerMessageId: null,
        at: new Date().toISOString(),
      },
    });
  const acknowledge = async () => {
    // Let the publisher reach its send first.
    await new Promise((resolve) => setImmediate(resolve));
    acknowledgements.shift()?.();
  };
  return { batches, news, acknowledge };
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
});
