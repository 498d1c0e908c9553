// An agent watching the ticket list while a batch of new customers' contacts
// lands never opens an empty ticket: each new ticket shows up with the
// contact that opened it — taken a batch at a time or one by one.
import { TOPICS } from '@threadline/contracts';
import {
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  inboundMessages,
  startService,
  testPublisher,
  ticketsInternalApi,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';

const publisher = testPublisher('test');
const at = (second: number) => new Date(Date.now() - 3600_000 + second * 1000).toISOString();

/** People writing in for the first time: as many new tickets. */
const mailsOf = (customers: number) =>
  Array.from({ length: customers }, (_, i) =>
    buildEmailContact({
      from: [{ kind: 'email', value: `klient.${i}@example.pl`, displayName: `Łucja Żółkiewska ${i}` }],
      subject: `Reklamacja nr ${i}`,
      text: `Proszę o zwrot pieniędzy za zamówienie ${i}.`,
      receivedAt: at(i),
    }),
  );

const started: RunningService[] = [];
beforeAll(() => publisher.connect());
afterAll(async () => {
  await publisher.disconnect();
  await Promise.all(started.map((s) => s.close()));
});

// 100: the default, a partition's waiting contacts in one batch; 1: one by one (also the path of a merge).
it.each([
  { batch: '100', customers: 60 },
  { batch: '1', customers: 12 },
])(
  'lists a new ticket only once its opening contact is on its timeline (TICKETS_INTAKE_BATCH=$batch)',
  async ({ batch, customers }) => {
    const mails = mailsOf(customers);
    const workspaceId = uniqueName('ws');
    const group = await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]);
    // Published while no tickets service runs, under one key: they wait on one partition.
    for (const payload of mails) {
      await publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload });
    }
    const service = await startService(ticketsService, {
      ...commonTestEnv('tickets'),
      TICKETS_CONSUMER_GROUP: group,
      TICKETS_INTAKE_BATCH: batch,
    });
    started.push(service);
    const api = ticketsInternalApi(service, workspaceId);

    // What an agent does: refresh the list, open each new ticket as soon as it is listed.
    const opened = new Map<number, string[]>();
    const seenEmpty: number[] = [];
    await waitFor(
      'every ticket listed and opened',
      async () => {
        const { body } = await service.internalApi(workspaceId).fetch(`tickets?sort=number&order=asc&limit=${customers}`);
        const unseen = body.items.filter((t: Json) => !opened.has(t.number));
        await Promise.all(
          unseen.map(async (t: Json) => {
            const { timeline } = (await api.get(`tickets/${t.number}`)).body;
            const texts = inboundMessages(timeline).map((e: Json) => e.text);
            if (texts.length === 0) seenEmpty.push(t.number);
            else opened.set(t.number, texts);
          }),
        );
        return opened.size === customers;
      },
      { timeoutMs: 120_000, intervalMs: 20 },
    );

    expect(seenEmpty).toEqual([]);
    expect([...opened.values()].flat().sort()).toEqual(mails.map((m) => m.text).sort());
  },
);
