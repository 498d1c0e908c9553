// Bulk writes on the real store. FerretDB 1.x holds a PostgreSQL connection per
// statement of an update command until the command ends, so a single command of
// 100 updates froze it for every client; updateEach must get them all through,
// from several callers at once, and the store must still answer afterwards.
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
