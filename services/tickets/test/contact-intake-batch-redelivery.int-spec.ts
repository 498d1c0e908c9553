// A batch that mixes customers the store knows with new ones, and carries
// contacts it has seen before: an event redelivered as it was, a contact a
// connector published again under a new event id, and a contact twice within
// the batch. Every contact ends as exactly one timeline entry. And a batch
// that stopped between its new tickets' entries (written first, so no ticket
// is listed without its opening contact) and the tickets: the batch delivered
// again completes those contacts.
import { randomUUID } from 'node:crypto';
import { TOPICS } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
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
import { contactTimelineEntry, customerTicketId, newTicketOf } from '../src/contact-intake/contact-entry';
import { CustomerRepository, identityKey } from '../src/customers/customer.repository';
import { contactEntryId } from '../src/tickets/timeline-entry.schema';

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

/** The workspace of the batch that stopped between its entries and its tickets. */
const stopped = uniqueName('ws');
const ewa = { kind: 'email' as const, value: 'ewa.kowalczyk@example.pl', displayName: 'Ewa Kowalczyk' };
const piotrPhone = { kind: 'phone' as const, value: '+48603111222' };
const ewaFirst = buildEmailContact({
  from: [ewa],
  subject: 'Uszkodzona przesyłka',
  receivedAt: at(0),
  text: 'Karton był zgnieciony.',
});
const ewaSecond = buildEmailContact({
  from: [ewa],
  subject: 'Re: Uszkodzona przesyłka',
  receivedAt: at(1),
  text: 'Zdjęcia w załączeniu.',
});
const piotrSms = buildContact('sms', [piotrPhone], { text: 'Proszę o fakturę na firmę', receivedAt: at(2) });

/** The entry the batch wrote for a contact before it stopped, on `ticketId`. */
function entryOf(payload: ContactPayload, ticketId: string) {
  const event = { workspaceId: stopped, payload } as Parameters<typeof contactTimelineEntry>[0];
  const entryId = contactEntryId(stopped, payload.channel, payload.providerMessageId);
  return contactTimelineEntry(event, entryId, ticketId, CustomerRepository.draft(stopped, payload.from, null)._id);
}

/** The ticket Ewa's first mail opens: her first (same customer, same epoch, same id). */
function ewasTicketId(): string {
  const event = { workspaceId: stopped, payload: ewaFirst } as Parameters<typeof newTicketOf>[0];
  const entryId = contactEntryId(stopped, 'email', ewaFirst.providerMessageId);
  return newTicketOf(event, CustomerRepository.draft(stopped, [ewa], null), entryId, null)._id;
}

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

async function timelines(service: RunningService, workspace = workspaceId): Promise<Json[]> {
  const api = ticketsInternalApi(service, workspace);
  const { body } = await service.internalApi(workspace).fetch('tickets?sort=number&order=asc');
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

it('completes, after a restart, the contacts whose entries were written but not their tickets', async () => {
  const env = {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  };
  // What the stopped batch left: Ewa's two mails on the ticket it was about to open, and Piotr's
  // SMS on a ticket that will not be decided again (as after a merge of his customer meanwhile).
  const store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  await store
    .collection('timeline')
    .insertMany([
      entryOf(ewaFirst, ewasTicketId()),
      entryOf(ewaSecond, ewasTicketId()),
      entryOf(piotrSms, 'never-written'),
    ] as never[]);
  await store.close();

  // The same contacts delivered again, under one key: one batch.
  for (const payload of [ewaFirst, ewaSecond, piotrSms]) {
    await publisher.publish('contact.received.v1', { workspaceId: stopped, key: stopped, payload });
  }
  const service = await startService(ticketsService, env);
  started.push(service);

  const listed = await waitFor('Ewa and Piotr on their tickets', async () => {
    const all = await timelines(service, stopped);
    return all.length === 2 && all.flatMap((t) => inboundMessages(t.timeline)).length === 3 ? all : null;
  });
  expect(
    listed.map((t) => [t.customer.name ?? t.customer.identities[0].value, inboundMessages(t.timeline).map((e: Json) => e.text)]),
  ).toEqual([
    ['Ewa Kowalczyk', ['Karton był zgnieciony.', 'Zdjęcia w załączeniu.']],
    ['+48603111222', ['Proszę o fakturę na firmę']],
  ]);
  // The ticket the stopped batch had decided for her, not another one.
  expect(listed[0].id).toBe(ewasTicketId());
});

it("opens the ticket a new customer's mark names when the batch stopped before writing it, and only that one", async () => {
  const env = {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  };
  const workspace = uniqueName('ws');
  const marta = { kind: 'email' as const, value: 'marta.nowak@example.pl', displayName: 'Marta Nowak' };
  // What a batch writes first for a new customer: the record, with the mark of the ticket it is about
  // to open (her first), and her link; it stopped there, before the entries and the ticket.
  const customer = CustomerRepository.draft(workspace, [marta], 'Marta Nowak');
  const firstTicketId = customerTicketId(workspace, customer._id, 1);
  const store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  await store.collection('customers').insertOne({ ...customer, lastTicketId: firstTicketId, ticketEpoch: 1 } as never);
  await store.collection('customer_identities').insertOne({
    _id: identityKey(workspace, marta),
    workspaceId: workspace,
    customerId: customer._id,
    kind: 'email',
    value: marta.value,
  } as never);
  await store.close();

  // Her mails delivered again (and a later one), under one key: one batch.
  for (const [minute, text] of [
    [0, 'Nie działa logowanie.'],
    [1, 'Nadal nie działa.'],
  ] as const) {
    const payload = buildEmailContact({ from: [marta], subject: 'Logowanie', receivedAt: at(minute), text });
    await publisher.publish('contact.received.v1', { workspaceId: workspace, key: workspace, payload });
  }
  const service = await startService(ticketsService, env);
  started.push(service);

  const listed = await waitFor('her mails on a ticket', async () => {
    const all = await timelines(service, workspace);
    return all.flatMap((t) => inboundMessages(t.timeline)).length === 2 ? all : null;
  });
  // The marked ticket, not one after it: one ticket for both mails.
  expect(listed.map((t) => [t.id, inboundMessages(t.timeline).map((e: Json) => e.text)])).toEqual([
    [firstTicketId, ['Nie działa logowanie.', 'Nadal nie działa.']],
  ]);
});

it('finds the record a crash left without its links, and links her identity to it again', async () => {
  const env = {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  };
  const workspace = uniqueName('ws');
  const olga = { kind: 'email' as const, value: 'olga.mazur@example.pl', displayName: 'Olga Mazur' };
  // The record a batch wrote before it stopped, without the link beside it (nor anything after).
  const customer = CustomerRepository.draft(workspace, [olga], 'Olga Mazur');
  const store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  await store.collection('customers').insertOne({ ...customer, identities: [] } as never);

  const payload = buildEmailContact({ from: [olga], subject: 'Faktura', receivedAt: at(0), text: 'Proszę o korektę.' });
  await publisher.publish('contact.received.v1', { workspaceId: workspace, key: workspace, payload });
  const service = await startService(ticketsService, env);
  started.push(service);

  const listed = await waitFor('her mail on a ticket', async () => {
    const all = await timelines(service, workspace);
    return all.length === 1 ? all : null;
  });
  // On that record, not a second one; her address finds it, and the record lists it again.
  expect(listed[0].customer.id).toBe(customer._id);
  expect(listed[0].customer.identities).toEqual([expect.objectContaining({ kind: 'email', value: olga.value })]);
  const stored = await store.collection('customers').findOne({ _id: customer._id } as never);
  await store.close();
  expect(stored?.identities).toEqual([expect.objectContaining({ kind: 'email', value: olga.value })]);
  expect(inboundMessages(listed[0].timeline).map((e: Json) => e.text)).toEqual(['Proszę o korektę.']);
});
