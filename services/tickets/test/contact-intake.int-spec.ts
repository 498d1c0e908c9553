// The tickets service for real: Kafka in, FerretDB/MongoDB store, HTTP queries out.
import { TOPICS } from '@threadline/contracts';
import {
  buildEmailContact,
  commonTestEnv,
  EventProbe,
  fetchJson,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
  consumerGroupStartingNow,
  testPublisher,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';

const brokers = testInfra().kafkaBrokers.split(',');
const publisher = testPublisher('channel-email');
const ticketEvents = new EventProbe(brokers);
let tickets: RunningService;

beforeAll(async () => {
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  });
  await publisher.connect();
  await ticketEvents.start([TOPICS.ticketEvents.name]);
});

afterAll(async () => {
  await ticketEvents.stop();
  await publisher.disconnect();
  await tickets?.close();
});

/** 'path' of the workspace's internal API, as the gateway calls it. */
function get(workspaceId: string, path: string) {
  return tickets.internalApi(workspaceId).fetch(path);
}

function listTickets(workspaceId: string) {
  return get(workspaceId, 'tickets');
}

function send(workspaceId: string, contact = buildEmailContact()) {
  return publisher.publish('contact.received.v1', { workspaceId, key: contact.from[0].value, payload: contact });
}

it('turns a first contact into a customer and ticket #1 with the message on its timeline', async () => {
  const workspaceId = uniqueName('ws');
  const contact = buildEmailContact();
  const published = await send(workspaceId, contact);

  const list = await waitFor('ticket #1', async () => {
    const { body } = await listTickets(workspaceId);
    return body.items.length === 1 ? body : null;
  });
  expect(list.items[0]).toMatchObject({
    number: 1,
    subject: 'Reklamacja zamówienia — brak przesyłki',
    status: 'new',
    channel: 'email',
    customer: { name: 'Anna Kowalska', identities: [{ kind: 'email', value: 'anna.kowalska@example.pl' }] },
  });

  // The message, and the acknowledgement telling the customer their number.
  const detail = await waitFor('the acknowledgement', async () => {
    const { body } = await get(workspaceId, 'tickets/1');
    return body.timeline?.length === 2 ? body : null;
  });
  expect(detail.timeline[0]).toMatchObject({ direction: 'inbound', channel: 'email', text: contact.text });
  expect(detail.timeline[1]).toMatchObject({
    direction: 'outbound',
    automatic: true,
    authorId: null,
    subject: 'Otrzymaliśmy Twoje zgłoszenie [#1]: Reklamacja zamówienia — brak przesyłki',
    delivery: { status: 'requested' },
  });

  const created = await ticketEvents.waitForEvent(
    'ticket.created.v1',
    (e) => e.type === 'ticket.created.v1' && e.workspaceId === workspaceId,
  );
  expect(created.payload).toMatchObject({ number: 1, channel: 'email' });
  expect(created.causationId).toBe(published.id);
  expect(created.correlationId).toBe(published.correlationId);
});

it('adds a second contact from the same customer to their open ticket', async () => {
  const workspaceId = uniqueName('ws');
  await send(workspaceId, buildEmailContact({ subject: 'Pierwsza wiadomość' }));
  await waitFor('first ticket', async () => (await listTickets(workspaceId)).body.items.length === 1);
  await send(workspaceId, buildEmailContact({ subject: 'Uzupełnienie', text: 'Numer zamówienia: 123' }));

  const inbound = await waitFor('second message on the ticket', async () => {
    const { body } = await get(workspaceId, 'tickets/1');
    const messages = (body.timeline ?? []).filter((e: { direction?: string }) => e.direction === 'inbound');
    return messages.length === 2 ? messages : null;
  });
  expect(inbound.map((e: { subject: string }) => e.subject)).toEqual(['Pierwsza wiadomość', 'Uzupełnienie']);
  expect((await listTickets(workspaceId)).body.items).toHaveLength(1);
});

it('records a contact delivered twice only once', async () => {
  const workspaceId = uniqueName('ws');
  const contact = buildEmailContact();
  await send(workspaceId, contact);
  await send(workspaceId, contact);
  await send(workspaceId, buildEmailContact({ subject: 'marker: after the duplicate' }));

  // The acknowledgement is written after its batch's messages: a batch holding all three shows the marker first.
  const detail = await waitFor('the message after the duplicate, and the acknowledgement', async () => {
    const { body } = await get(workspaceId, 'tickets/1');
    const timeline: { subject: string; automatic?: boolean }[] = body.timeline ?? [];
    const done = timeline.some((e) => e.subject === 'marker: after the duplicate') && timeline.some((e) => e.automatic);
    return done ? body : null;
  });
  // Two messages and one acknowledgement: the redelivered first contact is neither recorded nor acknowledged again.
  expect(
    detail.timeline.map((e: { direction: string; automatic?: boolean }) => `${e.direction}${e.automatic ? ' ack' : ''}`).sort(),
  ).toEqual(['inbound', 'inbound', 'outbound ack']);
});

it('gives concurrent new customers distinct, gap-free ticket numbers', async () => {
  const workspaceId = uniqueName('ws');
  const count = 30;
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      send(workspaceId, buildEmailContact({ from: [{ kind: 'email', value: `klient${i}@example.pl` }] })),
    ),
  );
  const list = await waitFor(`${count} tickets`, async () => {
    const { body } = await get(workspaceId, `tickets?limit=200`);
    return body.items.length === count ? body : null;
  });
  const numbers = list.items.map((t: { number: number }) => t.number).sort((a: number, b: number) => a - b);
  expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i + 1));
});

it('answers 404 for a ticket of another workspace and 400 for a bad filter', async () => {
  const owner = uniqueName('ws');
  await send(owner);
  await waitFor('ticket', async () => (await listTickets(owner)).body.items.length === 1);
  expect((await get(uniqueName('other'), 'tickets/1')).status).toBe(404);
  const bad = await get(owner, `tickets?status=solved`);
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].field).toMatch(/^status/);
});

it('reports healthy dependencies and exposes Prometheus metrics', async () => {
  const health = await fetchJson(`${tickets.url}/health`);
  expect(health.status).toBe(200);
  expect(health.body.checks).toMatchObject({ kafka: 'ok', store: 'ok' });
  const metrics = await (await fetch(`${tickets.url}/metrics`)).text();
  expect(metrics).toMatch(/threadline_events_consumed_total\{[^}]*topic="contact.received.v1"[^}]*outcome="done"[^}]*\} \d+/);
});
