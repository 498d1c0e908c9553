// The intake remembers, per partition, the tickets its batches left, and takes a customer's latest
// ticket from there instead of reading it. An agent closing that ticket between two batches makes
// the memory stale: the next batch's conditional write finds it out, the batch is decided again on
// the store's ticket, and the contact lands once, where it would have without the memory.
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
  type TestCaller,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';

const publisher = testPublisher('test');
const workspaceId = uniqueName('ws');
const AGENT: TestCaller = { id: 'agent-ola', role: 'agent' };
const anna = { kind: 'email' as const, value: 'anna.zielinska@example.pl', displayName: 'Anna Zielińska' };
const at = (minute: number) => new Date(Date.now() - 3600_000 + minute * 60_000).toISOString();
const mail = (minute: number, text: string) =>
  buildEmailContact({ from: [anna], subject: 'Reklamacja czajnika', receivedAt: at(minute), text });

let tickets: RunningService;

beforeAll(async () => {
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  });
  await publisher.connect();
});

afterAll(async () => {
  await publisher.disconnect();
  await tickets?.close();
});

// One key: one partition, so every batch finds what the one before it remembered.
const publish = (payload: ReturnType<typeof buildEmailContact>) =>
  publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload });

async function metric(name: string, label = ''): Promise<number> {
  const text = await (await fetch(`${tickets.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) && line.includes(label))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

async function timelines(): Promise<Json[]> {
  const api = ticketsInternalApi(tickets, workspaceId);
  const { body } = await tickets.internalApi(workspaceId).fetch('tickets?sort=number&order=asc');
  return Promise.all(body.items.map(async (t: Json) => (await api.get(`tickets/${t.number}`)).body));
}

const messagesOf = async () => (await timelines()).map((t) => inboundMessages(t.timeline).map((e: Json) => e.text));

it('finds a remembered ticket changed by a command, and attaches the contact once, as the store says', async () => {
  await publish(mail(0, 'Czajnik przecieka.'));
  await waitFor('the first mail on #1', async () => (await messagesOf()).flat().length === 1);
  // Its own batch: the ticket comes from the partition's memory, and is still as remembered.
  await publish(mail(1, 'Zdjęcie w załączeniu.'));
  await waitFor('the second mail on #1', async () => (await messagesOf()).flat().length === 2);
  expect(await metric('threadline_intake_memory_stale_total')).toBe(0);

  // Between two batches an agent closes #1: the memory still has it open.
  const closed = await tickets
    .internalApi(workspaceId, AGENT)
    .fetch('/tickets/1', { method: 'PATCH', body: { status: 'closed' } });
  expect(closed.status).toBe(200);
  await publish(mail(2, 'Czy ktoś to przeczytał?'));

  const messages = await waitFor('the third mail on a ticket', async () => {
    const all = await messagesOf();
    return all.flat().length === 3 ? all : null;
  });
  // The latest ticket is closed and no reference names it: a new ticket, as without the memory.
  expect(messages).toEqual([['Czajnik przecieka.', 'Zdjęcie w załączeniu.'], ['Czy ktoś to przeczytał?']]);
  const [first, second] = await timelines();
  expect([first.status, second.status]).toEqual(['closed', 'new']);
  // The stale memory was found (the batch decided again), and every contact was attached once.
  expect(await metric('threadline_intake_memory_stale_total')).toBe(1);
  // (A batch is counted just after its events are out.)
  await waitFor('three contacts counted', async () => (await metric('threadline_intake_contacts_total')) === 3);
  expect(await metric('threadline_intake_contacts_total', 'outcome="done"')).toBe(3);
});

it("finds a ticket remembered from another partition's batch changed by a command, and attaches the contact once", async () => {
  const workspace = uniqueName('ws');
  const berta = { kind: 'email' as const, value: 'berta.krol@example.pl', displayName: 'Berta Król' };
  const bertaPhone = { kind: 'phone' as const, value: '+48604555666' };
  const api = () => tickets.internalApi(workspace, AGENT);
  const inbound = async () => {
    const { body } = await api().fetch('tickets?sort=number&order=asc');
    const all: Json[] = await Promise.all(body.items.map(async (t: Json) => (await api().fetch(`tickets/${t.number}`)).body));
    return all.map((t) => [t.status, inboundMessages(t.timeline).map((e: Json) => e.text)]);
  };
  const staleBefore = await metric('threadline_intake_memory_stale_total');

  // Her mail, keyed by her address: the batch of that partition remembers #1.
  await publisher.publish('contact.received.v1', {
    workspaceId: workspace,
    key: `email:${berta.value}`,
    payload: buildEmailContact({ from: [berta], subject: 'Brak faktury', receivedAt: at(0), text: 'Gdzie faktura?' }),
  });
  await waitFor('her mail on #1', async () => (await inbound()).flatMap(([, texts]) => texts).length === 1);
  expect((await api().fetch('/tickets/1', { method: 'PATCH', body: { status: 'closed' } })).status).toBe(200);

  // An SMS under another key (the partition of her phone), naming her address too: whichever
  // partition takes it, the ticket comes from the process's memory, stale now.
  await publisher.publish('contact.received.v1', {
    workspaceId: workspace,
    key: `phone:${bertaPhone.value}`,
    payload: buildContact('sms', [bertaPhone, berta], { text: 'Czy faktura już wysłana?', receivedAt: at(1) }),
  });
  const listed = await waitFor('the SMS on a ticket', async () => {
    const all = await inbound();
    return all.flatMap(([, texts]) => texts).length === 2 ? all : null;
  });
  // #1 is closed and nothing names it: a new ticket, as without the memory, and each contact once.
  expect(listed).toEqual([
    ['closed', ['Gdzie faktura?']],
    ['new', ['Czy faktura już wysłana?']],
  ]);
  expect((await metric('threadline_intake_memory_stale_total')) - staleBefore).toBe(1);
});
