// A customer's record under identities added from several partitions at once, on
// the real store. FerretDB 1.x applies `$addToSet` as read-then-write, so two
// writers of one record can overwrite each other's identity; the record must
// still list every identity linked to the customer (the panel and erasure read it).
import type { Identity } from '@threadline/contracts';
import { connectMongo, ensureIndexes } from '@threadline/persistence';
import { commonTestEnv, uniqueName } from '@threadline/testing';
import type { Connection } from 'mongoose';
import { CustomerRepository } from '../src/customers/customer.repository';

let connection: Connection;
let customers: CustomerRepository;

beforeAll(async () => {
  const env = commonTestEnv('tickets');
  connection = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  customers = new CustomerRepository(connection);
  await ensureIndexes(connection);
});
afterAll(() => connection.close());

const phone = (i: number): Identity => ({ kind: 'phone', value: `+486011100${String(i).padStart(2, '0')}` });

it('keeps every identity that batches and single contacts add to one customer at the same moment', async () => {
  const workspaceId = uniqueName('ws');
  const customer = await customers.create(workspaceId, [{ kind: 'email', value: 'zofia.wojcik@example.pl' }], 'Zofia Wójcik');
  const added = Array.from({ length: 16 }, (_, i) => phone(i));

  // Half come as batches of other partitions, half one contact at a time, all at once.
  await Promise.all(
    added.map((identity, i) =>
      i % 2 === 0
        ? customers.saveBatch({
            created: [],
            links: [{ workspaceId, customerId: customer._id, identity }],
            identitiesAdded: [{ customerId: customer._id, identities: [identity] }],
          })
        : customers.link(workspaceId, customer._id, [identity]),
    ),
  );

  const record = await customers.findById(workspaceId, customer._id);
  expect(record!.identities.map((i) => i.value).sort()).toEqual(['zofia.wojcik@example.pl', ...added.map((i) => i.value)].sort());
  // And each of them finds the customer.
  const { owners, unlinked } = await customers.ownersOf(workspaceId, added);
  expect([owners.map((o) => o._id), unlinked]).toEqual([[customer._id], []]);
});
