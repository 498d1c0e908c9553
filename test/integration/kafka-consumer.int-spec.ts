// Real Kafka (no mocks): the consumer's retry, dead-letter and correlation rules.
import { Kafka, logLevel } from 'kafkajs';
import { createEnvelope, TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { createLogger, withCorrelation } from '@threadline/observability';
import { buildEmailContact, consumerGroupStartingNow, EventProbe, testInfra, uniqueName, waitFor } from '@threadline/testing';
import { createKafkaClient, EventConsumer, EventPublisher, ensureTopics, NonRetriableError } from '@threadline/kafka';

const logger = createLogger('kafka-test', 'silent');
const brokers = testInfra().kafkaBrokers.split(',');
const kafka = createKafkaClient({ brokers, clientId: 'kafka-layer-test', logger });
const publisher = new EventPublisher(kafka, 'kafka-layer-test', logger);
const deadLetters = new EventProbe(brokers);
const consumers: EventConsumer[] = [];

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin);
  await admin.disconnect();
  await publisher.connect();
  await deadLetters.start([TOPICS.deadLetters.name]);
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await deadLetters.stop();
  await publisher.disconnect();
});

function startConsumer(workspaceId: string, handle: (e: TypedEnvelope) => Promise<void>, attempts = 3) {
  return newConsumer(workspaceId, handle, attempts).start();
}

function newConsumer(workspaceId: string, handle: (e: TypedEnvelope) => Promise<void>, attempts = 3) {
  const consumer = new EventConsumer(kafka, {
    groupId: uniqueName('test-group'),
    topics: [TOPICS.contactReceived.name],
    publisher,
    logger,
    retry: { attempts, initialDelayMs: 20, maxDelayMs: 50 },
    handler: async (event) => {
      if (event.workspaceId !== workspaceId) return 'ignored';
      await handle(event);
      return 'done';
    },
  });
  consumers.push(consumer);
  return consumer;
}

function deadLetterFor(marker: string) {
  return deadLetters.waitForEvent(`dead letter containing ${marker}`, (e) => {
    const p = e.payload as { valueBase64: string | null };
    return Boolean(p.valueBase64 && Buffer.from(p.valueBase64, 'base64').toString('utf8').includes(marker));
  });
}

it('delivers a published event with its correlation id and Polish text intact', async () => {
  const workspaceId = uniqueName('ws');
  const received: TypedEnvelope[] = [];
  await startConsumer(workspaceId, async (e) => {
    received.push(e);
  });
  await withCorrelation({ correlationId: 'corr-123' }, () =>
    publisher.publish('contact.received.v1', {
      workspaceId,
      key: 'k1',
      payload: buildEmailContact({ subject: 'Zażółć gęślą jaźń' }),
    }),
  );
  const event = await waitFor('the event to be consumed', () => received[0]);
  expect(event.correlationId).toBe('corr-123');
  expect(event.source).toBe('kafka-layer-test');
  expect((event.payload as { subject: string }).subject).toBe('Zażółć gęślą jaźń');
});

it('takes a burst of thousands of events published at once, several MB together, and delivers every one', async () => {
  const workspaceId = uniqueName('ws');
  const received = new Set<string>();
  await startConsumer(workspaceId, async (e) => {
    received.add(e.id);
  });
  // ~1.5 KB each, 4,000 at once on one key (one partition): ~6 MB, several times what Kafka takes in one record batch.
  const text = 'Dzień dobry, paczka nie dotarła do paczkomatu. Proszę o zwrot. '.repeat(22);
  const published = await Promise.all(
    Array.from({ length: 4000 }, () =>
      publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload: buildEmailContact({ text }) }),
    ),
  );
  await waitFor('every event to be consumed', () => received.size === published.length, { timeoutMs: 60_000 });
  expect(published.every((e) => received.has(e.id))).toBe(true);
});

it('refuses to publish an invalid event', async () => {
  const bad = buildEmailContact({ from: [] });
  await expect(publisher.publish('contact.received.v1', { workspaceId: 'w', key: 'k', payload: bad })).rejects.toThrow(
    /payload: from: /,
  );
});

it('sends a malformed message to the dead letters with its reason, and keeps consuming', async () => {
  const workspaceId = uniqueName('ws');
  const marker = uniqueName('garbage');
  const received: TypedEnvelope[] = [];
  await startConsumer(workspaceId, async (e) => {
    received.push(e);
  });
  const raw = new Kafka({ clientId: 'raw', brokers, logLevel: logLevel.NOTHING }).producer();
  await raw.connect();
  // Same key → same partition: the good event sits behind the bad one.
  await raw.send({
    topic: TOPICS.contactReceived.name,
    messages: [{ key: workspaceId, value: `{"not": "an envelope", "m": "${marker}"` }],
  });
  await raw.disconnect();
  await publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload: buildEmailContact() });

  const dead = await deadLetterFor(marker);
  expect((dead.payload as { reason: string }).reason).toBe('value is not JSON');
  await waitFor('the valid event behind it', () => received.length === 1);
});

it('retries a failing handler with backoff, then dead-letters that event and moves on', async () => {
  const workspaceId = uniqueName('ws');
  const attemptsSeen: string[] = [];
  const handled: string[] = [];
  await startConsumer(workspaceId, async (e) => {
    const subject = (e.payload as { subject: string }).subject;
    if (subject === 'poison') {
      attemptsSeen.push(e.id);
      throw new Error('database said no');
    }
    handled.push(subject);
  });
  const poison = await publisher.publish('contact.received.v1', {
    workspaceId,
    key: workspaceId,
    payload: buildEmailContact({ subject: 'poison' }),
  });
  await publisher.publish('contact.received.v1', {
    workspaceId,
    key: workspaceId,
    payload: buildEmailContact({ subject: 'after' }),
  });

  const dead = await deadLetterFor(poison.id);
  expect(dead.payload).toMatchObject({
    reason: 'Error: database said no',
    attempts: 3,
    originalTopic: TOPICS.contactReceived.name,
  });
  expect(dead.workspaceId).toBe(workspaceId);
  expect(attemptsSeen).toEqual([poison.id, poison.id, poison.id]);
  await waitFor('the event after the poison one', () => handled.includes('after'));
});

it('keeps retrying an event while a dependency is down instead of dead-lettering it, and says so on health', async () => {
  const workspaceId = uniqueName('ws');
  let failures = 0;
  const handled: string[] = [];
  let sawUnhealthy = false;
  const consumer = newConsumer(workspaceId, async (e) => {
    if (failures < 6) {
      failures++;
      if (failures === 5) sawUnhealthy = !consumer.healthy && /retrying an event: MongoNetworkError/.test(consumer.problem ?? '');
      const outage = new Error('connection refused');
      outage.name = 'MongoNetworkError';
      throw outage;
    }
    handled.push(e.id);
  });
  await consumer.start();
  const event = await publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload: buildEmailContact() });

  await waitFor('the event handled once the store is back', () => handled.includes(event.id), { timeoutMs: 60_000 });
  expect(failures).toBe(6); // twice the retry budget of 3, and still not dead-lettered
  expect(sawUnhealthy).toBe(true);
  expect(consumer.healthy).toBe(true);
  const dead = deadLetters.events().filter((d) => d.workspaceId === workspaceId);
  expect(dead).toEqual([]);
});

it('passes over the types it was not given by their header, unread', async () => {
  const workspaceId = uniqueName('ws');
  const received: TypedEnvelope[] = [];
  const consumer = new EventConsumer(kafka, {
    groupId: uniqueName('test-types'),
    topics: [TOPICS.contactReceived.name],
    publisher,
    logger,
    types: ['contact.received.v1'],
    handler: async (event) => {
      if (event.workspaceId === workspaceId) received.push(event);
      return 'done';
    },
  });
  consumers.push(consumer);
  await consumer.start();
  // A valid contact whose header names another type: decoded, it would reach the handler; passed over, it does not.
  const labelledOther = createEnvelope({
    type: 'contact.received.v1',
    version: 1,
    source: 'kafka-layer-test',
    workspaceId,
    key: workspaceId,
    payload: buildEmailContact(),
  });
  const raw = new Kafka({ clientId: 'raw', brokers, logLevel: logLevel.NOTHING }).producer();
  await raw.connect();
  // Same key → same partition, before the wanted event.
  await raw.send({
    topic: TOPICS.contactReceived.name,
    messages: [{ key: workspaceId, value: JSON.stringify(labelledOther), headers: { 'event-type': 'ticket.updated.v1' } }],
  });
  await raw.disconnect();
  const wanted = await publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload: buildEmailContact() });

  await waitFor('the wanted event behind it', () => received.length > 0);
  expect(received.map((e) => e.id)).toEqual([wanted.id]);
});

describe('batch mode', () => {
  const subjectOf = (e: TypedEnvelope) => (e.payload as { subject: string }).subject;

  /** A consumer in batch mode whose group starts at the topic's end; `single` is the one-by-one fallback. */
  async function batchConsumer(
    workspaceId: string,
    handleBatch: (events: TypedEnvelope[]) => Promise<void>,
    single: (event: TypedEnvelope) => Promise<void>,
  ) {
    const consumer = new EventConsumer(kafka, {
      groupId: await consumerGroupStartingNow('test-batch', [TOPICS.contactReceived.name]),
      topics: [TOPICS.contactReceived.name],
      publisher,
      logger,
      retry: { attempts: 2, initialDelayMs: 20, maxDelayMs: 50 },
      handler: async (event) => {
        if (event.workspaceId !== workspaceId) return 'ignored';
        await single(event);
        return 'done';
      },
      batch: {
        handle: async (events) => {
          await handleBatch(events.filter((e) => e.workspaceId === workspaceId));
          return events.map((e) => (e.workspaceId === workspaceId ? 'done' : 'ignored'));
        },
      },
    });
    consumers.push(consumer);
    return consumer;
  }

  function publishSubjects(workspaceId: string, subjects: string[]) {
    // Same key → one partition; published together → one Kafka batch.
    return Promise.all(
      subjects.map((subject) =>
        publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload: buildEmailContact({ subject }) }),
      ),
    );
  }

  it("hands a partition's waiting events to the batch handler together, in order", async () => {
    const workspaceId = uniqueName('ws');
    const batches: string[][] = [];
    const consumer = await batchConsumer(
      workspaceId,
      async (events) => {
        if (events.length > 0) batches.push(events.map(subjectOf));
      },
      async () => {
        throw new Error('the batch handler answered; the single one is not needed');
      },
    );
    const subjects = ['pierwsza', 'druga', 'trzecia', 'czwarta', 'piąta'];
    await publishSubjects(workspaceId, subjects);
    await consumer.start();

    await waitFor('the five events', () => batches.flat().length === 5);
    expect(batches).toEqual([subjects]);
  });

  it('skips the events `wants` turns down where they stand, keeping the run whole and committing past them', async () => {
    const workspaceId = uniqueName('ws');
    const batches: string[][] = [];
    const groupId = await consumerGroupStartingNow('test-batch-wants', [TOPICS.contactReceived.name]);
    const consumer = new EventConsumer(kafka, {
      groupId,
      topics: [TOPICS.contactReceived.name],
      publisher,
      logger,
      handler: async () => {
        throw new Error('the batch handler answered; the single one is not needed');
      },
      // Looked at before validation: the raw payload's subject.
      wants: ({ payload }) => !String((payload as { subject?: unknown }).subject).startsWith('skip'),
      batch: {
        handle: async (events) => {
          const ours = events.filter((e) => e.workspaceId === workspaceId);
          if (ours.length > 0) batches.push(ours.map(subjectOf));
          return events.map((e) => (e.workspaceId === workspaceId ? 'done' : 'ignored'));
        },
      },
    });
    consumers.push(consumer);
    await publishSubjects(workspaceId, ['a', 'skip-1', 'b', 'c', 'skip-2']);
    await consumer.start();

    await waitFor('the three wanted events', () => batches.flat().length === 3);
    expect(batches).toEqual([['a', 'b', 'c']]);
    // The skipped events' offsets are resolved with the run's, the last one (after the run) too: nothing is left behind.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(TOPICS.contactReceived.name);
      await waitFor('the group to commit up to the end', async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [TOPICS.contactReceived.name] });
        return ends.every((e) => committed.partitions.find((p) => p.partition === e.partition)?.offset === e.high);
      });
    } finally {
      await admin.disconnect();
    }
  });

  it('tells the batch handler which of its batches reached the end of the partition', async () => {
    const workspaceId = uniqueName('ws');
    const batches: { subjects: string[]; caughtUp: boolean }[] = [];
    const consumer = new EventConsumer(kafka, {
      groupId: await consumerGroupStartingNow('test-batch-end', [TOPICS.contactReceived.name]),
      topics: [TOPICS.contactReceived.name],
      publisher,
      logger,
      handler: async () => 'ignored',
      batch: {
        maxEvents: 2,
        handle: async (events, from) => {
          const ours = events.filter((e) => e.workspaceId === workspaceId);
          if (ours.length > 0) batches.push({ subjects: ours.map(subjectOf), caughtUp: from.caughtUp });
          return events.map((e) => (e.workspaceId === workspaceId ? 'done' : 'ignored'));
        },
      },
    });
    consumers.push(consumer);
    await publishSubjects(workspaceId, ['1', '2', '3', '4', '5']);
    await consumer.start();

    await waitFor('the five events', () => batches.flatMap((b) => b.subjects).length === 5);
    // Fetched together, cut into runs of two: only the last run ends where the partition did.
    expect(batches).toEqual([
      { subjects: ['1', '2'], caughtUp: false },
      { subjects: ['3', '4'], caughtUp: false },
      { subjects: ['5'], caughtUp: true },
    ]);
  });

  it('handles a failed batch one event at a time: the poison event alone goes to the dead letters', async () => {
    const workspaceId = uniqueName('ws');
    const applied: string[] = [];
    const consumer = await batchConsumer(
      workspaceId,
      async (events) => {
        if (events.some((e) => subjectOf(e) === 'poison')) throw new Error('one of the batch is bad');
        applied.push(...events.map(subjectOf));
      },
      async (event) => {
        if (subjectOf(event) === 'poison') throw new NonRetriableError('cannot be applied');
        applied.push(subjectOf(event));
      },
    );
    const [, poison] = await publishSubjects(workspaceId, ['before', 'poison', 'after']);
    await consumer.start();

    const dead = await deadLetterFor(poison.id);
    expect((dead.payload as { reason: string }).reason).toBe('NonRetriableError: cannot be applied');
    await waitFor('the events around the poison one', () => applied.length === 2);
    expect(applied).toEqual(['before', 'after']);
  });
});
