// The batch intake remembers which customer an identity led to, across batches, to skip reading the
// link again. An erasure deletes the links: the next contact from an erased identity must not be
// attached to the erased record through that memory, but linked again as the store says.
import { TOPICS } from '@threadline/contracts';
import {
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  startService,
  testPublisher,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';

const env = commonTestEnv('tickets');
const publisher = testPublisher('test');
const ADMIN = { id: 'admin-ewa', role: 'admin' as const };
const workspaceId = uniqueName('ws');
const ewa = { kind: 'email' as const, value: 'ewa.zielinska@example.pl', displayName: 'Ewa Zielińska' };
let tickets: RunningService;

const api = () => tickets.internalApi(workspaceId, ADMIN);

async function contactsOnTickets(): Promise<number> {
  const { body } = await api().fetch('tickets');
  const counts = await Promise.all(
    body.items.map(async (t: Json) => (await api().fetch(`tickets/${t.number}`)).body.timeline.length as number),
  );
  return counts.reduce((a: number, b: number) => a + b, 0);
}

function mail(subject: string) {
  return publisher.publish('contact.received.v1', {
    workspaceId,
    key: workspaceId,
    payload: buildEmailContact({ from: [ewa], subject, text: `${subject}: zażółć gęślą jaźń` }),
  });
}

beforeAll(async () => {
  const group = await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]);
  await publisher.connect();
  tickets = await startService(ticketsService, { ...env, TICKETS_CONSUMER_GROUP: group });
});

afterAll(async () => {
  await publisher.disconnect();
  await tickets?.close();
});

it("links an erased customer's identity again when she writes after the erasure", async () => {
  // Two mails, one after the other: the second batch reads her link, and the intake remembers it.
  await mail('Zwrot towaru');
  const customerId: string = await waitFor('her ticket', async () => (await api().fetch('tickets')).body.items[0]?.customer.id);
  await mail('Zwrot towaru — etykieta');
  await waitFor('both mails on her ticket', async () => (await contactsOnTickets()) >= 2);

  const erased = await api().fetch(`customers/${customerId}/erasure`, {
    method: 'POST',
    body: { reason: 'Wniosek klientki z art. 17 RODO' },
  });
  expect(erased.status).toBe(200);
  expect((await api().fetch(`customers/${customerId}`)).body.identities).toEqual([]);

  // She writes again: her address finds nobody, so the intake links it (to the record its id names).
  await mail('Nowe zamówienie');
  const linked: Json[] = await waitFor('her address linked again', async () => {
    const { body } = await api().fetch('tickets');
    const ids = [...new Set<string>(body.items.map((t: Json) => t.customer.id))];
    const panels = await Promise.all(ids.map(async (id) => (await api().fetch(`customers/${id}`)).body));
    const found = panels.flatMap((p) => p.identities as Json[]).filter((i) => i.value === ewa.value);
    return found.length > 0 ? found : null;
  });
  expect(linked).toEqual([expect.objectContaining({ kind: 'email', value: ewa.value })]);
});
