// A store written by the first release keeps working: its tickets, customers
// and identity links are upgraded in place when the tickets service starts.
import { TOPICS } from '@threadline/contracts';
import { connectMongo, deterministicId } from '@threadline/persistence';
import {
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  startService,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  testPublisher,
  type InternalCall,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';

const publisher = testPublisher('test');
let tickets: RunningService;

afterAll(async () => {
  await publisher.disconnect();
  await tickets?.close();
});

it('upgrades first-release documents so old customers and tickets are found and worked on', async () => {
  const env = {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  };
  const ws = uniqueName('ws');
  const now = new Date();
  // Exactly as the first release wrote them.
  const store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  const customerId = deterministicId(ws, 'email', 'stary.klient@example.pl');
  await store.collection('customers').insertOne({
    _id: customerId as never,
    workspaceId: ws,
    name: 'Stary Klient',
    identities: [{ kind: 'email', value: 'stary.klient@example.pl' }],
    openTicketId: 'legacy-1',
    createdAt: now,
  });
  await store
    .collection('customer_identities')
    .insertOne({ _id: customerId as never, workspaceId: ws, kind: 'email', value: 'stary.klient@example.pl', customerId });
  await store.collection('tickets').insertOne({
    _id: 'legacy-1' as never,
    workspaceId: ws,
    number: 1,
    subject: 'Stara sprawa',
    status: 'new',
    priority: 'normal',
    customerId,
    channel: 'email',
    assigneeId: null,
    createdAt: now,
    updatedAt: now,
    lastContactAt: now,
  });
  await store.collection('ticket_counters').insertOne({ _id: ws as never, seq: 1 });
  await store.close();

  tickets = await startService(ticketsService, env);
  await publisher.connect();
  const contact = buildEmailContact({ from: [{ kind: 'email', value: 'Stary.Klient@example.pl' }], subject: 'Nowa wiadomość' });
  await publisher.publish('contact.received.v1', { workspaceId: ws, key: 'stary.klient@example.pl', payload: contact });

  const api = (path: string, call?: InternalCall) => tickets.internalApi(ws, { id: 'a1', role: 'agent' }).fetch(path, call);
  const detail: Json = await waitFor('the contact on the old ticket', async () => {
    const { body } = await api('/tickets/1');
    return body?.timeline?.length === 1 ? body : null;
  });
  expect(detail).toMatchObject({ number: 1, subject: 'Stara sprawa', version: 1, customer: { id: customerId } });
  const changed = await api('/tickets/1', { method: 'PATCH', headers: { 'if-match': '"1"' }, body: { status: 'open' } });
  expect(changed.body).toMatchObject({ status: 'open', version: 2 });
  expect((await api('/tickets')).body.items).toHaveLength(1);
});
