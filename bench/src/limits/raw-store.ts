import mongoose from 'mongoose';
import { perSecond } from '../stats';

/** The store alone: bulk inserts of documents about the size of a timeline entry, through the driver. */
export async function rawStoreInsertRate(mongoUrl: string, count: number, bytes = 1500) {
  const connection = await mongoose
    .createConnection(mongoUrl, { dbName: `bench_raw_${Date.now()}`, retryWrites: false })
    .asPromise();
  const collection = connection.db!.collection('docs');
  const text = 'ż'.repeat(Math.floor(bytes / 2));
  const started = Date.now();
  for (let done = 0; done < count; done += 500) {
    const n = Math.min(500, count - done);
    await collection.insertMany(
      Array.from({ length: n }, (_, i) => ({ _id: `d${done + i}` as never, workspaceId: 'bench', text, at: new Date() })),
      {
        ordered: false,
      },
    );
  }
  const ms = Date.now() - started;
  await connection.dropDatabase();
  await connection.close();
  return { insertsPerSecond: perSecond(count, ms) };
}

/**
 * The store alone, one small document per insert as a webhook writes them,
 * `concurrency` at a time: inserts/s and each insert's round trip.
 */
export async function rawStoreSingleInserts(mongoUrl: string, count: number, concurrency: number) {
  const connection = await mongoose
    .createConnection(mongoUrl, { dbName: `bench_raw_single_${Date.now()}`, retryWrites: false })
    .asPromise();
  const collection = connection.db!.collection('docs');
  const roundTrips: number[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const sent = Date.now();
        await collection.insertOne({ _id: `m_${i}` as never, seenAt: new Date() });
        roundTrips.push(Date.now() - sent);
      }
    }),
  );
  const ms = Date.now() - started;
  await connection.dropDatabase();
  await connection.close();
  return { insertsPerSecond: perSecond(count, ms), roundTrips };
}

/**
 * The store alone doing what a projection does: `$inc` upserts by `_id`
 * spread over `documents` counter documents, `concurrency` at a time.
 */
export async function rawStoreIncRate(mongoUrl: string, count: number, documents: number, concurrency = 6) {
  const connection = await mongoose
    .createConnection(mongoUrl, { dbName: `bench_raw_inc_${Date.now()}`, retryWrites: false })
    .asPromise();
  const collection = connection.db!.collection<{ _id: string }>('counters');
  // The documents exist first, as a year of counters would.
  for (let done = 0; done < documents; done += 500) {
    const n = Math.min(500, documents - done);
    await collection.insertMany(Array.from({ length: n }, (_, i) => ({ _id: `c${done + i}`, n: 0, h: { '1': 0 } })));
  }
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        await collection.updateOne({ _id: `c${(i * 7919) % documents}` }, { $inc: { n: 1, 'h.1': 1 } }, { upsert: true });
      }
    }),
  );
  const ms = Date.now() - started;
  await connection.dropDatabase();
  await connection.close();
  return { updatesPerSecond: perSecond(count, ms) };
}

/**
 * The store alone answering point lookups by `_id` (what the intake reads: an entry, an identity
 * link, a customer, a ticket), `concurrency` at a time over `documents` stored documents of about
 * a ticket's size: lookups/s. A service that needs k lookups per item handles at most this ÷ k items/s.
 */
export async function rawStorePointLookups(mongoUrl: string, count: number, documents: number, concurrency = 8) {
  const connection = await mongoose
    .createConnection(mongoUrl, { dbName: `bench_raw_lookups_${Date.now()}`, retryWrites: false })
    .asPromise();
  const collection = connection.db!.collection<{ _id: string }>('docs');
  const text = 'ż'.repeat(400);
  for (let done = 0; done < documents; done += 500) {
    const n = Math.min(500, documents - done);
    await collection.insertMany(Array.from({ length: n }, (_, i) => ({ _id: `p${done + i}`, workspaceId: 'bench', text })));
  }
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) await collection.findOne({ _id: `p${(i * 7919) % documents}` });
    }),
  );
  const ms = Date.now() - started;
  await connection.dropDatabase();
  await connection.close();
  return { lookupsPerSecond: perSecond(count, ms) };
}
