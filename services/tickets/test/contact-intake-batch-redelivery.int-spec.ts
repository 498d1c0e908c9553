// A batch that mixes customers the store knows with new ones, and carries
// contacts it has seen before: an event redelivered as it was, a contact a
// connector published again under a new event id, and a contact twice within
// the batch. Every contact ends as exactly one timeline entry.
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@threadline/contracts';
import {
  buildContact,
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

type ContactPayload = ReturnType<typeof buildContact>;

const publisher = testPublisher('test');
const workspaceId = uniqueName('ws');
const at = (minute: number) => new Date(Date.now() - 3600_000 + minute * 60_000).toISOString();

const anna = { kind: 'email' as const, value: 'anna.wisniewska@example.pl', displayName: 'Anna Wiśniewska' };
const janPhone = { kind: 'phone' as const, value: '+48601444555' };
const zofiaChat = { kind: 'chat' as const, value: 'visitor-zofia' };
const zofiaPhone = { kind: 'phone' as const, value: '+48602777888' };

const annaFirst = buildEmailContact({ from: [anna], subject: 'Zwrot pralki', receivedAt: at(0), text: 'Proszę o zwrot.' });
const janFirst = buildContact('sms', [janPhone], { text: 'Gdzie kurier?', receivedAt: at(1) });
const annaFirstEventId = randomUUID();

const zofiaHello = buildContact('chat', [zofiaChat, zofiaPhone], {
  text: 'Dzień dobry, mam pytanie o fakturę',
  receivedAt: at(12),
  thread: { inReplyTo: null, references: [], providerThreadId: 'session-zofia' },
});
/** The second batch, in order; `again` marks the contacts already attached or earlier in it. */
const secondBatch: { payload: ContactPayload; id?: string; again?: true }[] = [
  { payload: buildEmailContact({ from: [anna], subject: 'Re: Zwrot pralki', receivedAt: at(10), text: 'Czy to już?' }) },
  { payload: annaFirst, id: annaFirstEventId, again: true }, // the same event, redelivered
  { payload: janFirst, again: true }, // the same SMS, published again by its connector
  { payload: buildContact('sms', [janPhone], { text: 'Już jest, dziękuję', receivedAt: at(11) }) },
  { payload: zofiaHello },
  { payload: buildContact('sms', [zofiaPhone], { text: 'Piszę SMS-em: NIP 525-000-00-00', receivedAt: at(13) }) },
  { payload: zofiaHello, again: true }, // twice within the batch
];

const publish = (payload: ContactPayload, id?: string) =>
  // One key: one partition, in this order, so what waits arrives as one batch.
  publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload, ...(id ? { id } : {}) });

async function metric(service: RunningService, name: string, label: string): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(label))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

async function timelines(service: RunningService): Promise<Json[]> {
  const api = ticketsInternalApi(service, workspaceId);
  const { body } = await service.internalApi(workspaceId).fetch('tickets?sort=number&order=asc');
  return Promise.all(body.items.map(async (t: Json) => (await api.get(`tickets/${t.number}`)).body));
}

const started: RunningService[] = [];
afterAll(async () => {
  await publisher.disconnect();
  await Promise.all(started.map((s) => s.close()));
});

it('attaches a batch of known and new customers with repeated contacts exactly once each', async () => {
  // The default intake: a partition's waiting contacts in one batch (TICKETS_INTAKE_BATCH, 100).
  const env = commonTestEnv('tickets');
  const group = await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]);
  await publisher.connect();
  await publish(annaFirst, annaFirstEventId);
  await publish(janFirst);
  const first = await startService(ticketsService, { ...env, TICKETS_CONSUMER_GROUP: group });
  await waitFor('Anna and Jan on their tickets', async () => (await timelines(first)).length === 2);
  await first.close();

  // Published while no tickets service runs: they wait on the partition and arrive as one batch.
  for (const { payload, id } of secondBatch) await publish(payload, id);
  const second = await startService(ticketsService, { ...env, TICKETS_CONSUMER_GROUP: group });
  started.push(second);
  await waitFor(
    'the second batch attached',
    async () => (await metric(second, 'threadline_intake_contacts_total', '')) === secondBatch.length,
  );

  const tickets = await timelines(second);
  expect(tickets.map((t) => [t.number, t.customer.name ?? t.customer.identities[0].value])).toEqual([
    [1, 'Anna Wiśniewska'],
    [2, '+48601444555'],
    [3, expect.any(String)],
  ]);
  const texts = tickets.map((t) => inboundMessages(t.timeline).map((e: Json) => e.text));
  expect(texts).toEqual([
    ['Proszę o zwrot.', 'Czy to już?'],
    ['Gdzie kurier?', 'Już jest, dziękuję'],
    ['Dzień dobry, mam pytanie o fakturę', 'Piszę SMS-em: NIP 525-000-00-00'],
  ]);
  // Anna's mail opened her ticket once: one acknowledgement, not one per delivery.
  expect(tickets[0].timeline.filter((e: Json) => e.automatic)).toHaveLength(1);
  expect(tickets[2].customer.identities.map((i: Json) => i.kind).sort()).toEqual(['chat', 'phone']);
  expect(await metric(second, 'threadline_intake_contacts_total', 'outcome="duplicate"')).toBe(
    secondBatch.filter((c) => c.again).length,
  );
});
