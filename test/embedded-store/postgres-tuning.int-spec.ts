// The embedded store's PostgreSQL tuning (infra/postgres/tuning.sql), checked on the running
// test store: every index FerretDB creates gets its GIN twin, loses it when dropped, and a
// point lookup in FerretDB's own query form is planned as an index scan, not a scan of the table.
// Only the embedded store has PostgreSQL under it: scripts/test.sh leaves this folder out on Docker.
import { execFileSync } from 'node:child_process';
import type { Connection } from 'mongoose';
import { connectMongo } from '@threadline/persistence';
import { testInfra, uniqueName } from '@threadline/testing';

const postgresUrl = process.env.POSTGRES_URL;
if (!postgresUrl) throw new Error('POSTGRES_URL is not set: run the embedded-store tests with "npm test"');

/** Rows of a query as arrays of fields (psql's unaligned, tab-separated output). */
function sql(query: string): string[][] {
  const out = execFileSync('psql', [postgresUrl!, '-XAtq', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t'));
}

interface PgIndex {
  name: string;
  table: string;
  definition: string;
}

function indexesOf(schema: string): PgIndex[] {
  return sql(`SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = '${schema}'`).map(
    ([name, table, definition]) => ({ name, table, definition }),
  );
}

const database = uniqueName('tuning');
let connection: Connection;
const tickets = () => connection.db!.collection('tickets');

beforeAll(async () => {
  connection = await connectMongo(testInfra().mongoUrl, database);
  await tickets().createIndex({ customerId: 1 });
  await tickets().createIndex({ workspaceId: 1, number: 1 }, { unique: true });
  await tickets().createIndex({ 'meta.channel': 1 });
  await tickets().insertMany(
    Array.from({ length: 3000 }, (_, i) => ({
      _id: `t-${i}` as never,
      workspaceId: `ws-${i % 3}`,
      number: i,
      customerId: `c-${i}`,
      subject: `Reklamacja nr ${i} — zażółć gęślą jaźń`,
      meta: { channel: i % 2 ? 'email' : 'sms' },
    })),
  );
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

const fieldsOf = (definition: string) => [...definition.matchAll(/'([^']+)'::text/g)].map((match) => match[1]);

it('gives every field of the indexes FerretDB creates a GIN twin, with fastupdate off', () => {
  // (FerretDB's own metadata table has two indexes of its own, twinned too.)
  const indexes = indexesOf(database).filter((index) => index.table !== '_ferretdb_database_metadata');
  const btrees = indexes.filter((index) => index.definition.includes('USING btree'));
  const twins = indexes.filter((index) => index.definition.includes('USING gin'));
  // _id, customerId, workspaceId+number, meta.channel
  expect(btrees.length).toBe(4);
  expect(twins.every((twin) => twin.definition.includes('jsonb_path_ops') && twin.definition.includes('fastupdate=off'))).toBe(
    true,
  );
  const twinned = twins.map((twin) => fieldsOf(twin.definition).join('.')).sort();
  // One twin per top-level field (FerretDB 1.x pushes no filter on a nested one down).
  expect(twinned).toEqual(['_id', 'customerId', 'number', 'workspaceId']);
});

it('drops a twin when no index has its field any more', async () => {
  const twinned = () =>
    indexesOf(database)
      .filter((index) => index.definition.includes('USING gin'))
      .map((index) => fieldsOf(index.definition).join('.'));
  await tickets().dropIndex('customerId_1');
  expect(twinned()).not.toContain('customerId');
  expect(twinned()).toContain('workspaceId');
  await tickets().createIndex({ customerId: 1 });
  expect(twinned()).toContain('customerId');
});

it('plans a point lookup in FerretDB query form as an index scan, also after many executions', () => {
  const table = indexesOf(database).find((index) => index.definition.includes("'customerId'"))!.table;
  // FerretDB runs its filters as prepared statements: `_jsonb->$1 @> $2`. Past five executions a
  // generic plan would no longer see the field name; force_custom_plan keeps it a constant.
  const plans = sql(
    `PREPARE lookup(text, jsonb) AS SELECT _jsonb FROM "${database}"."${table}" WHERE _jsonb -> $1 @> $2; ` +
      Array.from({ length: 7 }, (_, i) => `EXPLAIN EXECUTE lookup('customerId', '"c-${i}"'); `).join(''),
  )
    .map((row) => row[0])
    .join('\n');
  expect(plans).toMatch(/Index Scan/);
  expect(plans).not.toMatch(/Seq Scan/);
});

it('answers the lookup through FerretDB with the right document', async () => {
  const found = await tickets().findOne({ customerId: 'c-2999' });
  expect(found?.subject).toBe('Reklamacja nr 2999 — zażółć gęślą jaźń');
});

describe('an $in of strings (our FerretDB patch, infra/ferretdb/patches)', () => {
  const explain = (filter: object) => connection.db!.command({ explain: { find: 'tickets', filter } });

  it('is pushed down to the indexes and answers exactly the documents asked for', async () => {
    const ids = ['t-7', 't-1500', 't-2998', 't-no-such'];
    const explained = await explain({ _id: { $in: ids } });
    expect(explained.filterPushdown).toBe(true);
    expect(JSON.stringify(explained.queryPlanner)).toMatch(/Index Scan/);
    expect(JSON.stringify(explained.queryPlanner)).not.toMatch(/Seq Scan/);
    const found = await tickets()
      .find({ _id: { $in: ids as never[] } })
      .toArray();
    expect(found.map((doc) => doc._id).sort()).toEqual(['t-1500', 't-2998', 't-7']);
  });

  it('stays a pre-filter: the rest of the filter still decides', async () => {
    // c-5 is in ws-2 and c-6 in ws-0: the pushed-down OR finds both, the workspace keeps one.
    const found = await tickets()
      .find({ customerId: { $in: ['c-5', 'c-6'] }, workspaceId: 'ws-2' })
      .toArray();
    expect(found.map((doc) => doc._id)).toEqual(['t-5']);
  });

  it('is not pushed down with a value of another kind, and still answers right', async () => {
    const filter = { number: { $in: [3, 'three'] } };
    expect((await explain(filter)).filterPushdown).toBe(false);
    expect((await tickets().find(filter).toArray()).map((doc) => doc._id)).toEqual(['t-3']);
  });
});
