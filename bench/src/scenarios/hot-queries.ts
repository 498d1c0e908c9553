/**
 * The store's hot queries at 1,000 and at 100,000 documents per collection: each query shape the
 * repositories run on the contact path and on the agent's screens, with the indexes their
 * schemas declare, timed one at a time (median and p99 of BENCH_HOT_RUNS runs) at each size.
 * A query served by an index stays flat as its collection grows; one the store evaluates by
 * reading the collection (FerretDB 1.x pushes down only top-level equality) grows with it.
 * The goal: no hot query grows more than 2x from the smallest size to the largest.
 *
 * The shapes mirror the repositories named beside them (a bench may not import services); when a
 * repository's query changes, change its line here.
 */
import mongoose, { type Connection } from 'mongoose';
import { benchInfra, intFromEnv } from '../env';
import { rawStoreInsertRate } from '../limits/raw-store';
import { report, type Figure } from '../report';
import { runScenario } from '../service-processes';
import { percentile } from '../stats';

type Doc = Record<string, unknown>;
type Index = [Record<string, 1 | -1>, { unique?: boolean }?];

interface CollectionShape {
  name: string;
  indexes: Index[];
  doc: (i: number) => Doc;
}

interface HotQuery {
  name: string;
  /** Where the application runs it. */
  source: string;
  /** Runs the query for document number i of a collection of `size`. */
  run: (db: Connection, i: number, size: number) => Promise<unknown>;
}

const WS = 'ws-bench';
const ENTRIES_PER_TICKET = 10;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000);

/** The collections with the indexes the services' schemas declare (_id is always indexed). */
const COLLECTIONS: CollectionShape[] = [
  {
    name: 'tickets',
    indexes: [
      [{ workspaceId: 1, number: 1 }, { unique: true }],
      [{ workspaceId: 1, customerId: 1 }],
      [{ workspaceId: 1, status: 1, priorityRank: -1 }],
      [{ workspaceId: 1, updatedAt: -1 }],
    ],
    // An office's year: the backlog (new and open) is the first tickets' one in ten; the rest,
    // however many, are closed. The backlog does not grow with history; the closed pile does.
    doc: (i) => ({
      _id: `t-${i}`,
      workspaceId: WS,
      number: i + 1,
      customerId: `c-${i % 50_000}`,
      status: i < 1000 && i % 20 === 0 ? 'open' : i < 1000 && i % 20 === 1 ? 'new' : 'closed',
      priorityRank: i % 4,
      assigneeId: i % 3 === 0 ? null : `agent-${i % 12}`,
      mergedInto: null,
      subject: `Reklamacja faktury ${i} — zażółć gęślą jaźń`,
      version: 1,
      updatedAt: day(i),
      lastContactAt: day(i),
    }),
  },
  {
    name: 'timeline',
    indexes: [[{ workspaceId: 1, ticketId: 1, occurredAt: 1 }]],
    doc: (i) => ({
      _id: `e-${i}`,
      workspaceId: WS,
      ticketId: `t-${Math.floor(i / ENTRIES_PER_TICKET)}`,
      kind: 'message',
      direction: 'inbound',
      text: 'Dzień dobry, proszę o korektę faktury. '.repeat(8),
      occurredAt: day(i),
    }),
  },
  { name: 'customers', indexes: [], doc: (i) => ({ _id: `c-${i}`, workspaceId: WS, name: `Klient ${i}`, ticketEpoch: 0 }) },
  {
    name: 'customer_identities',
    indexes: [],
    doc: (i) => ({ _id: `${WS}:email:klient${i}@example.pl`, workspaceId: WS, customerId: `c-${i}` }),
  },
  {
    name: 'thread_refs',
    indexes: [],
    doc: (i) => ({ _id: `ref-${i}`, workspaceId: WS, ticketId: `t-${i}`, kind: 'message-id', value: `<m${i}@x>` }),
  },
  { name: 'ticket_counters', indexes: [], doc: (i) => ({ _id: `ws-${i}`, seq: i }) },
  { name: 'seen_events', indexes: [], doc: (i) => ({ _id: `mid.${i}`, at: day(i) }) },
  {
    name: 'sync_checkpoints',
    indexes: [],
    doc: (i) => ({ _id: `mbx-${i}:INBOX`, uidValidity: 1, lastUid: i, updatedAt: day(i) }),
  },
  { name: 'window_heads', indexes: [], doc: (i) => ({ _id: `sender${i}@klient.pl`, n: 3, clearedThrough: 0 }) },
  {
    // Reporting's day counters: a workspace's year is about a thousand documents (days × values × partitions).
    name: 'report_daily',
    indexes: [[{ workspaceId: 1, month: 1, kind: 1 }]],
    doc: (i) => ({
      _id: `d-${i}`,
      workspaceId: `ws-${Math.floor(i / 1000)}`,
      ...reportCell(i),
      day: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      shard: `ticket.events.v1/${i % 6}`,
      at: i,
      values: Array.from({ length: 7 }, (_, v) => ({
        kind: REPORT_KINDS[v % REPORT_KINDS.length],
        value: `v-${v}`,
        figures: { tickets: 3, firstResponse: { n: 2, sum: 3600, max: 2400, h: { '4': 1, '6': 1 } } },
      })),
    }),
  },
  {
    name: 'report_category_labels',
    // One document per customer and category, its labels inside, read by _id.
    indexes: [],
    doc: (i) => ({
      _id: labelKey(i),
      workspaceId: WS,
      labels: [{ ticketId: `t-${i}`, createdAt: day(i).toISOString() }],
      n: 1,
    }),
  },
];

const REPORT_KINDS = ['all', 'channel', 'queue', 'agent', 'category', 'tier'];
/** Every kind but the combinations shares a period's document ('breakdowns'). */
const reportCell = (i: number) => ({
  month: `2026-${String((i % 12) + 1).padStart(2, '0')}`,
  kind: i % 2 === 0 ? 'breakdowns' : 'combination',
});
const labelKey = (i: number) => `${WS}|c-${i}|kategoria-${i % 9}`;

const pick = (size: number) => Math.floor(Math.random() * size);

const HOT_QUERIES: HotQuery[] = [
  {
    name: 'ticket by id',
    source: 'TicketRepository via findInWorkspace',
    run: (db, i) => db.collection('tickets').findOne({ _id: `t-${i}` as never }),
  },
  {
    name: 'tickets of a batch: 100 ids by one $in',
    source: 'findInWorkspace (lookups asked for together, e.g. an intake batch)',
    run: (db, i, size) =>
      db
        .collection('tickets')
        .find({ _id: { $in: Array.from({ length: 100 }, (_, k) => `t-${(i + k * 7919) % size}`) as never[] } })
        .toArray(),
  },
  {
    name: 'ticket by number',
    source: 'TicketRepository.byNumber',
    run: (db, i) => db.collection('tickets').findOne({ workspaceId: WS, number: i + 1 }),
  },
  {
    name: 'ticket versioned update',
    source: 'TicketRepository.applyVersion',
    run: (db, i) =>
      db.collection('tickets').updateOne({ _id: `t-${i}` as never, version: 1 }, { $set: { updatedAt: new Date() } }),
  },
  {
    name: 'tickets of a customer',
    source: 'TicketRepository.ofCustomer',
    run: (db, i) =>
      db
        .collection('tickets')
        .find({ workspaceId: WS, customerId: `c-${i % 50_000}` })
        .sort({ number: -1 })
        .limit(200)
        .toArray(),
  },
  {
    name: 'today view: backlog per status',
    source: 'TicketRepository.actionable',
    run: (db, i) =>
      Promise.all(
        ['new', 'open'].map((status) =>
          db
            .collection('tickets')
            .find({ workspaceId: WS, status, mergedInto: null, $or: [{ assigneeId: `agent-${i % 12}` }, { assigneeId: null }] })
            .limit(200)
            .toArray(),
        ),
      ),
  },
  {
    name: 'ticket list: open, newest first',
    source: 'TicketRepository.list (?status=open&sort=updated)',
    run: (db) =>
      db
        .collection('tickets')
        .find({ workspaceId: WS, mergedInto: null, status: 'open' })
        .sort({ updatedAt: -1, number: -1 })
        .limit(50)
        .toArray(),
  },
  {
    // Not served by an index on FerretDB 1.x (no sort pushdown: it reads the workspace's tickets
    // and sorts them); measured so that the cost of an unfiltered list is known. Real MongoDB
    // serves it from the (workspaceId, updatedAt) index.
    name: 'ticket list: all, newest first',
    source: 'TicketRepository.list (?sort=updated)',
    run: (db) =>
      db
        .collection('tickets')
        .find({ workspaceId: WS, mergedInto: null })
        .sort({ updatedAt: -1, number: -1 })
        .limit(50)
        .toArray(),
  },
  {
    name: 'timeline of a ticket',
    source: 'TicketRepository.timelineOf',
    run: (db, i) =>
      db
        .collection('timeline')
        .find({ workspaceId: WS, ticketId: `t-${Math.floor(i / ENTRIES_PER_TICKET)}` })
        .toArray(),
  },
  {
    name: 'timeline entry insert',
    source: 'TicketRepository.addTimelineEntryOnce',
    run: (db, i) =>
      db.collection('timeline').insertOne({
        _id: `new-${i}-${Math.random()}` as never,
        workspaceId: WS,
        ticketId: `t-${i}`,
        kind: 'message',
        text: 'Odpowiedź',
        occurredAt: new Date(),
      }),
  },
  {
    name: 'timeline delivery update',
    source: 'TicketRepository.setDelivery',
    run: (db, i) => db.collection('timeline').updateOne({ _id: `e-${i}` as never }, { $set: { delivery: { status: 'sent' } } }),
  },
  {
    name: 'customer by id',
    source: 'CustomerRepository.findById',
    run: (db, i) => db.collection('customers').findOne({ _id: `c-${i}` as never }),
  },
  {
    name: 'customer last ticket',
    source: 'CustomerRepository.setLastTicket',
    run: (db, i) =>
      db
        .collection('customers')
        .updateOne({ _id: `c-${i}` as never }, { $set: { lastTicketId: `t-${i}` }, $max: { ticketEpoch: 1 } }),
  },
  {
    name: 'identity owner',
    source: 'CustomerRepository.ownersOf',
    run: (db, i) => db.collection('customer_identities').findOne({ _id: `${WS}:email:klient${i}@example.pl` as never }),
  },
  {
    name: 'thread reference',
    source: 'TicketRepository.ticketByThreadRef',
    run: (db, i) => db.collection('thread_refs').findOne({ _id: `ref-${i}` as never }),
  },
  {
    name: 'ticket number counter',
    source: 'TicketRepository.nextNumber',
    run: (db, i) =>
      db.collection('ticket_counters').findOneAndUpdate({ _id: `ws-${i}` as never }, { $inc: { seq: 1 } }, { upsert: true }),
  },
  {
    name: 'provider event seen',
    source: 'SeenEventsRepository.wasSeen',
    run: (db, i) => db.collection('seen_events').findOne({ _id: `mid.${i}` as never }),
  },
  {
    name: 'mailbox checkpoint save',
    source: 'SyncCheckpointRepository.save',
    run: (db, i) =>
      db
        .collection('sync_checkpoints')
        .updateOne({ _id: `mbx-${i}:INBOX` as never }, { $set: { lastUid: i + 1, updatedAt: new Date() } }, { upsert: true }),
  },
  {
    name: 'sender rate window',
    source: 'WindowCounter.record',
    run: (db, i) =>
      db
        .collection('window_heads')
        .updateOne({ _id: `sender${i}@klient.pl` as never }, { $set: { n: 4, clearedThrough: 0 } }, { upsert: true }),
  },
  {
    name: 'report: a month of one dimension kind',
    source: 'ReadModelStore.days / wholeMonths (a filtered report, one per month of the period)',
    run: (db, i) =>
      db
        .collection('report_daily')
        .find({ workspaceId: `ws-${Math.floor(i / 1000)}`, ...reportCell(i) })
        .toArray(),
  },
  {
    name: 'report: a customer’s labels of a category',
    source: 'CategoryLabelStore.addAndRead (a key labelled before: recurring problems, in the projection)',
    run: (db, i) =>
      db
        .collection('report_category_labels')
        .find({ _id: labelKey(i) } as never)
        .toArray(),
  },
];

async function fill(db: Connection, shape: CollectionShape, from: number, to: number): Promise<void> {
  const collection = db.collection(shape.name);
  for (let start = from; start < to; start += 1000) {
    const end = Math.min(to, start + 1000);
    await collection.insertMany(
      Array.from({ length: end - start }, (_, k) => shape.doc(start + k)),
      { ordered: false },
    );
  }
}

/**
 * Times a query on every size's database in turn, run after run, so that whatever else the
 * machine does at that moment weighs on every size alike.
 */
async function timeInterleaved(dbs: Connection[], sizes: number[], query: HotQuery, runs: number): Promise<number[][]> {
  for (const [k, db] of dbs.entries()) for (let w = 0; w < 10; w++) await query.run(db, pick(sizes[k]), sizes[k]);
  const samples: number[][] = dbs.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [k, db] of dbs.entries()) {
      const started = process.hrtime.bigint();
      await query.run(db, pick(sizes[k]), sizes[k]);
      samples[k].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  return samples;
}

async function pingRoundTrips(db: Connection, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint();
    await db.db!.admin().command({ ping: 1 });
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function main(): Promise<void> {
  const infra = benchInfra();
  const sizes = (process.env.BENCH_HOT_SIZES ?? '1000,100000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || sizes.some((n, k) => k > 0 && n <= sizes[k - 1]))
    throw new Error('BENCH_HOT_SIZES must be increasing positive integers, e.g. 1000,100000');
  const runs = intFromEnv('BENCH_HOT_RUNS', 300);
  // The store keeps its planner statistics fresh in the background (PostgreSQL's autovacuum, as in a
  // running office); a freshly filled store gets that time before it is measured.
  const settleSeconds = intFromEnv('BENCH_HOT_SETTLE_SECONDS', 30);
  const run = Date.now().toString(36);
  const dbs: Connection[] = [];
  for (const size of sizes) {
    const db = await mongoose
      .createConnection(infra.mongoUrl, { dbName: `bench_hot_${run}_${size}`, retryWrites: false })
      .asPromise();
    for (const shape of COLLECTIONS) {
      for (const [keys, options] of shape.indexes) await db.collection(shape.name).createIndex(keys, options ?? {});
    }
    const started = Date.now();
    for (const shape of COLLECTIONS) await fill(db, shape, 0, size);
    console.log(`filled ${COLLECTIONS.length} collections with ${size} documents each in ${Date.now() - started} ms`);
    dbs.push(db);
  }
  await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));

  const figures: Figure[] = [];
  const notes: string[] = [];
  let failed = 0;
  const largest = sizes.length - 1;
  for (const query of HOT_QUERIES) {
    const samples = await timeInterleaved(dbs, sizes, query, runs);
    const medians = samples.map((s) => percentile(s, 50));
    for (const [k, size] of sizes.entries()) {
      figures.push({ name: `${query.name} @${size}: median`, value: round(medians[k]), unit: 'ms', kind: 'result' });
      figures.push({ name: `${query.name} @${size}: p99`, value: round(percentile(samples[k], 99)), unit: 'ms', kind: 'result' });
    }
    const growth = medians[largest] / medians[0];
    figures.push({ name: `${query.name}: growth`, value: round(growth), unit: 'x', kind: 'result' });
    if (growth > 2) failed++;
    notes.push(`${growth > 2 ? 'GROWS' : 'ok   '} ${query.name} (${query.source}): ${round(growth)}x`);
  }
  for (const [k, size] of sizes.entries()) {
    const pings = await pingRoundTrips(dbs[k], runs);
    figures.push({
      name: `store round trip (ping) @${size}: median`,
      value: round(percentile(pings, 50)),
      unit: 'ms',
      kind: 'limit',
    });
  }
  const raw = await rawStoreInsertRate(infra.mongoUrl, 20_000);
  figures.push({ name: 'store bulk insert (insertMany of 500)', value: raw.insertsPerSecond, unit: 'docs/s', kind: 'limit' });
  notes.push(
    `${HOT_QUERIES.length - failed} of ${HOT_QUERIES.length} hot queries within 2x from ${sizes[0]} to ${sizes[largest]} documents`,
  );
  report('hot-queries', { sizes, runs, settleSeconds, collections: COLLECTIONS.map((c) => c.name) }, figures, notes);
  for (const db of dbs) {
    await db.dropDatabase();
    await db.close();
  }
}

runScenario(main);
