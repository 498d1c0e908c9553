// The tickets service taking contacts a Kafka batch at a time: contacts that
// wait on a partition while the service is down arrive together, are read
// and written in bulk, and end exactly as they would one by one.
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
// The default intake: a partition's waiting contacts in one batch (TICKETS_INTAKE_BATCH, 100).
const env = commonTestEnv('tickets');
const started: RunningService[] = [];
let tickets: RunningService;
/** A second consumer group over the same contacts and store: the whole batch delivered again. */
let redeliveryGroup: string;

const oneCustomer = uniqueName('ws');
const mixed = uniqueName('ws');
const at = (minute: number) => new Date(Date.now() - 3600_000 + minute * 60_000).toISOString();

const anna = { kind: 'email' as const, value: 'anna.nowak@example.pl', displayName: 'Anna Nowak' };
const annaPhone = { kind: 'phone' as const, value: '+48601222333' };
const annaChat = { kind: 'chat' as const, value: 'visitor-anna' };
const jerzy = { kind: 'messenger' as const, value: '7300000000042', pageId: '104729385610001' };

/** Five mails of one new customer, the first opening the ticket, the rest joining it. */
const mails = ['Zamówienie 1001', 'Re: Zamówienie 1001', 'Faktura', 'Zmiana adresu: Źródlana 7', 'Dziękuję'].map((subject, i) =>
  buildEmailContact({ subject, from: [anna], receivedAt: at(i), text: `wiadomość ${i}: zażółć gęślą jaźń` }),
);

/**
 * One batch over several channels: a web chat whose form gave e-mail and phone
 * (one customer for all three), a second message in that chat session, an SMS
 * and a mail from the same person, a Messenger user nobody knows (their own
 * ticket), a voicemail (a ticket of its own); the chat repeated at the end.
 */
const chat = buildContact('chat', [annaChat, anna, annaPhone], {
  text: 'Dzień dobry, gdzie moja paczka?',
  receivedAt: at(0),
  thread: { inReplyTo: null, references: [], providerThreadId: 'session-anna' },
});
const mixedContacts: ContactPayload[] = [
  chat,
  buildContact('chat', [annaChat], {
    text: 'Numer przesyłki: PL123',
    receivedAt: at(1),
    thread: { inReplyTo: null, references: [], providerThreadId: 'session-anna' },
  }),
  buildContact('sms', [annaPhone], { text: 'Piszę też SMS-em', receivedAt: at(2) }),
  buildContact('messenger', [jerzy], { text: 'Cześć, mam pytanie o zwrot', receivedAt: at(3) }),
  buildEmailContact({ from: [anna], subject: 'Ponownie o paczce', receivedAt: at(4) }),
  buildContact('voice', [annaPhone], {
    text: 'Wiadomość głosowa: proszę o telefon',
    receivedAt: at(5),
    call: {
      outcome: 'voicemail',
      queue: null,
      waitSeconds: null,
      talkSeconds: null,
      durationSeconds: 20,
      recordingUrl: null,
      recordingSeconds: 15,
    },
  }),
  chat,
];

function publishAll(workspaceId: string, contacts: ContactPayload[]) {
  // One key: one partition, in this order.
  return Promise.all(
    contacts.map((payload) => publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload })),
  );
}

async function allTickets(service: RunningService, workspaceId: string): Promise<Json[]> {
  const { body } = await service.internalApi(workspaceId).fetch('tickets?sort=number&order=asc');
  return body.items;
}

async function detail(service: RunningService, workspaceId: string, number: number): Promise<Json> {
  return (await ticketsInternalApi(service, workspaceId).get(`/tickets/${number}`)).body;
}

/** What a user sees: each ticket with its status and timeline. */
async function snapshot(service: RunningService, workspaceId: string) {
  const list = await allTickets(service, workspaceId);
  return Promise.all(
    list.map(async (t) => {
      const d = await detail(service, workspaceId, t.number);
      return {
        number: d.number,
        status: d.status,
        version: d.version,
        tags: d.tags,
        customer: d.customer?.id,
        timeline: d.timeline.map((e: Json) => [e.id, e.direction, e.text]),
      };
    }),
  );
}

async function metricsOf(service: RunningService): Promise<string> {
  return (await fetch(`${service.url}/metrics`)).text();
}

/** A Prometheus series summed over its labels (only those with `label`, if given). */
function metric(text: string, name: string, label = ''): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(label))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

beforeAll(async () => {
  const group = await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]);
  redeliveryGroup = await consumerGroupStartingNow('tickets-again', [TOPICS.contactReceived.name]);
  await publisher.connect();
  // Published while no tickets service runs: they wait on the partition and arrive as one batch.
  await publishAll(oneCustomer, mails);
  await publishAll(mixed, mixedContacts);
  tickets = await startService(ticketsService, { ...env, TICKETS_CONSUMER_GROUP: group });
  started.push(tickets);
});

afterAll(async () => {
  await publisher.disconnect();
  await Promise.all(started.map((s) => s.close()));
});

it("joins a batch's contacts of one new customer into one ticket, in order, acknowledged once", async () => {
  const timeline = await ticketsInternalApi(tickets, oneCustomer).timelineWhen(
    'five mails and the acknowledgement on ticket #1',
    (entries) => inboundMessages(entries).length === 5 && entries.some((e) => e.automatic),
  );
  expect(inboundMessages(timeline).map((e) => e.subject)).toEqual(mails.map((m) => m.subject));
  expect(timeline.filter((e) => e.automatic)).toEqual([
    expect.objectContaining({ subject: 'Otrzymaliśmy Twoje zgłoszenie [#1]: Zamówienie 1001' }),
  ]);
  const list = await allTickets(tickets, oneCustomer);
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ number: 1, status: 'new', customer: { name: 'Anna Nowak' } });
});

it('threads a batch over several channels as one by one: one customer, a voicemail apart, a stranger apart', async () => {
  await waitFor('three tickets', async () => (await allTickets(tickets, mixed)).length === 3);
  const [first, second, third] = await Promise.all([1, 2, 3].map((n) => detail(tickets, mixed, n)));
  expect(inboundMessages(first.timeline).map((e) => [e.channel, e.text])).toEqual([
    ['chat', 'Dzień dobry, gdzie moja paczka?'],
    ['chat', 'Numer przesyłki: PL123'],
    ['sms', 'Piszę też SMS-em'],
    ['email', mixedContacts[4].text],
  ]);
  expect(second).toMatchObject({ channel: 'messenger', customer: { identities: [{ kind: 'messenger', value: jerzy.value }] } });
  expect(third).toMatchObject({ channel: 'voice', tags: ['voicemail'] });
  expect(third.customer.id).toBe(first.customer.id);
  expect(first.customer.identities.map((i: Json) => i.kind).sort()).toEqual(['chat', 'email', 'phone']);
});

it('counts the store operations per contact, fewer than one batch per contact', async () => {
  await waitFor('all contacts attached', async () => {
    const body = await metricsOf(tickets);
    return metric(body, 'threadline_intake_contacts_total') === mails.length + mixedContacts.length ? body : null;
  }).then((body: string) => {
    expect(metric(body, 'threadline_intake_contacts_total', 'outcome="duplicate"')).toBe(1); // the chat repeated
    expect(metric(body, 'threadline_intake_store_operations_total')).toBeGreaterThan(0);
    expect(metric(body, 'threadline_intake_store_operations_per_contact_count')).toBeLessThan(
      mails.length + mixedContacts.length,
    );
  });
});

it('changes nothing when the whole batch is delivered again', async () => {
  await waitFor('every contact attached', async () => (await snapshot(tickets, mixed)).length === 3);
  const before = [await snapshot(tickets, oneCustomer), await snapshot(tickets, mixed)];

  const again = await startService(ticketsService, { ...env, TICKETS_CONSUMER_GROUP: redeliveryGroup });
  started.push(again);
  await waitFor('the batch handled again', async () => {
    const body = await metricsOf(again);
    return metric(body, 'threadline_intake_contacts_total', 'outcome="duplicate"') === mails.length + mixedContacts.length;
  });
  expect([await snapshot(again, oneCustomer), await snapshot(again, mixed)]).toEqual(before);
});
