// A customer's identities added from every partition at once, through both intake paths (batches and one
// contact at a time), on real Kafka and the real store. FerretDB 1.x applies `$addToSet` as read-then-write,
// so the customer record's own list can lose an identity to a concurrent writer; what the agent's panel, the
// customer's export and an erasure list must still be every identity linked to them.
import { identitySubject, TOPICS, type Identity } from '@threadline/contracts';
import { keyPartition } from '@threadline/kafka';
import { connectMongo } from '@threadline/persistence';
import { InternalApiClient, ServiceTokenMinter } from '@threadline/service-runtime';
import {
  buildContact,
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
import { strFromU8, unzipSync } from 'fflate';
import type { Connection } from 'mongoose';
import { ticketsService } from '../src/app.module';

const env = commonTestEnv('tickets');
const publisher = testPublisher('test');
const ADMIN = { id: 'admin-ewa', role: 'admin' as const };
const workspaceId = uniqueName('ws');
const started: RunningService[] = [];
let batches: RunningService;
let oneByOne: RunningService;
let store: Connection;

const zofia = { kind: 'email' as const, value: 'zofia.wojcik@example.pl', displayName: 'Zofia Wójcik' };
const CHANNEL_OF = { phone: 'sms', chat: 'chat', messenger: 'messenger', slack: 'slack' } as const;

/** Sixteen identities of four kinds (Messenger and Slack ones with their page and team). */
const added: Identity[] = Array.from({ length: 16 }, (_, i): Identity => {
  const n = String(i).padStart(2, '0');
  switch (i % 4) {
    case 0:
      return { kind: 'phone', value: `+486011100${n}` };
    case 1:
      return { kind: 'chat', value: `visitor-zofia-${n}` };
    case 2:
      return { kind: 'messenger', value: `73000000000${n}`, pageId: '104729385610001' };
    default:
      return { kind: 'slack', value: `U0ZOFIA00${n}`, teamId: 'T0SKLEP' };
  }
});

/** A key landing on partition `partition` of the contacts' topic: the contacts come from every partition. */
function keyOnPartition(partition: number): string {
  const { name, partitions } = TOPICS.contactReceived;
  for (let i = 0; ; i++) if (keyPartition(name, partitions, `${workspaceId}-${i}`) === partition) return `${workspaceId}-${i}`;
}

async function contactsCounted(service: RunningService): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('threadline_intake_contacts_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

const api = (service: RunningService) => service.internalApi(workspaceId, ADMIN);
const values = (identities: { value: string }[]) => identities.map((i) => i.value).sort();
const everyValue = [zofia.value, ...added.map((i) => i.value)].sort();

beforeAll(async () => {
  const groups = await Promise.all([1, 2].map((n) => consumerGroupStartingNow(`tickets-${n}`, [TOPICS.contactReceived.name])));
  await publisher.connect();
  store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  // Two consumer groups over the same contacts and store: every contact is attached by a batch of its
  // partition and, at the same time, one by one (TICKETS_INTAKE_BATCH=1).
  [batches, oneByOne] = await Promise.all([
    startService(ticketsService, { ...env, TICKETS_CONSUMER_GROUP: groups[0] }),
    startService(ticketsService, { ...env, TICKETS_CONSUMER_GROUP: groups[1], TICKETS_INTAKE_BATCH: '1' }),
  ]);
  started.push(batches, oneByOne);
});

afterAll(async () => {
  await publisher.disconnect();
  await store?.close();
  await Promise.all(started.map((s) => s.close()));
});

it('lists every identity added to one customer at once, on the panel, in the export and in the erasure', async () => {
  await publisher.publish('contact.received.v1', {
    workspaceId,
    key: keyOnPartition(0),
    payload: buildEmailContact({ from: [zofia], subject: 'Zamówienie 2041', text: 'Dzień dobry, gdzie paczka?' }),
  });
  const customerId: string = await waitFor('the customer known to both', async () => {
    const lists = await Promise.all([batches, oneByOne].map((s) => s.internalApi(workspaceId).fetch('tickets')));
    return lists.every((l) => l.body.items.length === 1) ? lists[0].body.items[0].customer.id : null;
  });

  // Each new identity comes with her e-mail (a chat form, a signed-in page...), all at once, from every partition.
  await Promise.all(
    added.map((identity, i) =>
      publisher.publish('contact.received.v1', {
        workspaceId,
        key: keyOnPartition(i % TOPICS.contactReceived.partitions),
        payload: buildContact(CHANNEL_OF[identity.kind as keyof typeof CHANNEL_OF], [identity, zofia], {
          text: `Wiadomość ${i}: zażółć gęślą jaźń`,
        }),
      }),
    ),
  );
  await waitFor('every contact attached by both paths', async () =>
    (await Promise.all([batches, oneByOne].map(contactsCounted))).every((n) => n === 1 + added.length),
  );

  // The agent's panel (and the API behind it), from either instance.
  for (const service of [batches, oneByOne]) {
    const panel = await api(service).fetch(`customers/${customerId}`);
    expect(panel.status).toBe(200);
    expect(values(panel.body.identities)).toEqual(everyValue);
    expect(panel.body.identities[0]).toEqual({ kind: 'email', value: zofia.value });
    expect(panel.body.identities).toEqual(
      expect.arrayContaining([
        { kind: 'messenger', value: added[2].value, pageId: '104729385610001' },
        { kind: 'slack', value: added[3].value, teamId: 'T0SKLEP' },
      ]),
    );
    const list = await api(service).fetch('tickets');
    expect(list.body.items.map((t: Json) => values(t.customer.identities))).toEqual([everyValue]);
  }

  // The export's customer.json.
  const asked = await api(batches).fetch(`customers/${customerId}/exports`, { method: 'POST' });
  expect(asked.status).toBe(202);
  await waitFor('the archive built', async () => {
    const { body } = await api(batches).fetch(`customers/${customerId}/exports/${asked.body.id}`);
    return body.status === 'ready' ? body : null;
  });
  const download = await new InternalApiClient(
    { name: 'tickets', baseUrl: batches.internalUrl },
    new ServiceTokenMinter('gateway', env.SERVICE_TOKEN_SECRET),
  ).call({ workspaceId, agentId: ADMIN.id, role: ADMIN.role }, `customers/${customerId}/exports/${asked.body.id}/archive`);
  const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
  expect(values(JSON.parse(strFromU8(files['customer.json'])).identities)).toEqual(everyValue);

  // The erasure: its preview names every identity and destroys each one's key; afterwards none finds her.
  const preview = await api(oneByOne).fetch(`customers/${customerId}/erasure`);
  expect(values(preview.body.identities)).toEqual(everyValue);
  expect(preview.body.subjects).toEqual(expect.arrayContaining([zofia, ...added].map((i) => identitySubject(i))));
  const erased = await api(oneByOne).fetch(`customers/${customerId}/erasure`, {
    method: 'POST',
    body: { reason: 'Wniosek klientki z art. 17 RODO' },
  });
  expect(erased.status).toBe(200);
  expect(values(erased.body.plan.identities)).toEqual(everyValue);
  expect(await store.collection('customer_identities').countDocuments({ workspaceId })).toBe(0);
  expect((await api(batches).fetch(`customers/${customerId}`)).body.identities).toEqual([]);
});
