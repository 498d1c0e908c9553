// Bulk writes on the real store. Unpatched, FerretDB 1.24 held a PostgreSQL connection per
// statement of an update command until the command ended (and a findAndModify's read while
// it wrote), so one command of 100 updates, or dozens of updates at once, froze it for every
// client (infra/ferretdb/patches/0002). These must all get through, and the store answer after.
import type { Collection } from 'mongodb';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { connectMongo, insertManyOnce, updateEach } from '@threadline/persistence';
import { testInfra, uniqueName } from '@threadline/testing';

interface CounterDoc {
  _id: string;
  workspaceId: string;
  seen: number;
}

let connection: Connection;
let counters: Model<CounterDoc>;

beforeAll(async () => {
  connection = await connectMongo(testInfra().mongoUrl, uniqueName('bulk'));
  counters = connection.model<CounterDoc>(
    'Counter',
    new Schema<CounterDoc>({ _id: String, workspaceId: String, seen: Number }, { versionKey: false }),
  );
});
afterAll(() => connection.close());

it('applies six callers × 100 updates each, and the store answers afterwards', async () => {
  const callers = Array.from({ length: 6 }, (_, c) =>
    Array.from({ length: 100 }, (_, i) => ({ _id: `c${c}-${i}`, workspaceId: 'ws-łódź', seen: 0 })),
  );
  for (const docs of callers) expect(await insertManyOnce(counters, docs)).toEqual(new Set());

  await Promise.all(
    callers.map((docs) =>
      updateEach(
        counters,
        docs.map((doc) => ({ updateOne: { filter: { _id: doc._id }, update: { $inc: { seen: 1 } } } })),
      ),
    ),
  );

  expect(await counters.countDocuments({ seen: 1 })).toBe(600);
  expect(await counters.findOne({ _id: 'c5-99' }).lean()).toMatchObject({ seen: 1, workspaceId: 'ws-łódź' });
});

it('applies one update command of 200 statements, and 64 findOneAndUpdates at once, straight through the driver', async () => {
  const docs = Array.from({ length: 200 }, (_, i) => ({ _id: `one-${i}`, workspaceId: 'ws-kraków', seen: 0 }));
  expect(await insertManyOnce(counters, docs)).toEqual(new Set());
  const driver = counters.collection as unknown as Collection<CounterDoc>;

  const result = await driver.bulkWrite(
    docs.map((doc) => ({ updateOne: { filter: { _id: doc._id }, update: { $inc: { seen: 1 } } } })),
    { ordered: false },
  );
  expect(result.modifiedCount).toBe(200);

  const found = await Promise.all(
    docs.slice(0, 64).map((doc) => driver.findOneAndUpdate({ _id: doc._id }, { $inc: { seen: 1 } }, { returnDocument: 'after' })),
  );
  expect(found.map((doc) => doc?.seen)).toEqual(Array.from({ length: 64 }, () => 2));
  expect(await counters.countDocuments({ workspaceId: 'ws-kraków', seen: 1 })).toBe(136);
});
