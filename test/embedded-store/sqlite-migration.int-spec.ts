// The move of a state dir's SQLite store (versions before PostgreSQL) into the running store:
// every database, collection, index and document arrives unchanged, each collection is checked
// by count and checksum, a second run changes nothing, and a failed copy leaves the files alone.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from 'mongoose';
import { connectMongo } from '@threadline/persistence';
import { testInfra, uniqueName, waitFor } from '@threadline/testing';

const run = promisify(execFile);
const ferretdb = process.env.FERRETDB_BIN;
if (!ferretdb) throw new Error('FERRETDB_BIN is not set: run the embedded-store tests with "npm test"');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const storeAddress = new URL(testInfra().mongoUrl).host;
const dir = mkdtempSync(join(tmpdir(), 'threadline-sqlite-'));
const databases = [uniqueName('mig_tickets'), uniqueName('mig_email')];
const createdAt = new Date('2026-11-11T09:30:00.000Z');

/** Writes an office's worth of shapes into a SQLite store served by our binary, then stops it. */
async function fillSqliteStore(): Promise<void> {
  const port = await freePort();
  const server: ChildProcess = spawn(ferretdb!, ['-listen', `127.0.0.1:${port}`, '-data', dir, '-log-level', 'error'], {
    stdio: 'ignore',
  });
  try {
    await waitFor(
      'the SQLite store to answer',
      () =>
        run(ferretdb!, ['-ping', `127.0.0.1:${port}`]).then(
          () => true,
          () => false,
        ),
      { timeoutMs: 20_000 },
    );
    for (const name of databases) {
      const connection = await connectMongo(`mongodb://127.0.0.1:${port}/`, name);
      const tickets = connection.db!.collection('tickets');
      await tickets.createIndex({ workspaceId: 1, number: 1 }, { unique: true, name: 'workspace_number' });
      await tickets.insertMany(
        Array.from({ length: 1500 }, (_, i) => ({
          _id: `${name}-${i}` as never,
          workspaceId: 'ws-demo',
          number: i + 1,
          subject: `Reklamacja faktury ${i} — zażółć gęślą jaźń`,
          tags: ['reklamacja', i % 2 ? 'vip' : 'zwykły'],
          createdAt,
          amount: i * 1.5,
          meta: { channel: 'email', attempts: i % 7 },
        })),
      );
      await connection.db!.createCollection('empty_outbox');
      await connection.close();
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

let store: Connection[];
beforeAll(async () => {
  await fillSqliteStore();
  store = await Promise.all(databases.map((name) => connectMongo(testInfra().mongoUrl, name)));
}, 120_000);
afterAll(async () => {
  for (const connection of store ?? []) {
    await connection.dropDatabase();
    await connection.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

it('leaves the SQLite files as they are when the copy cannot be made', async () => {
  const databaseFiles = () =>
    readdirSync(dir)
      .filter((file) => file.endsWith('.sqlite'))
      .sort();
  const before = databaseFiles();
  expect(before).toHaveLength(2);
  const unreachable = `127.0.0.1:${await freePort()}`;
  await expect(run(ferretdb!, ['-migrate-sqlite', dir, '-to', unreachable, '-log-level', 'error'])).rejects.toThrow();
  expect(databaseFiles()).toEqual(before);
});

it('copies every database, collection, index and document, and checks each collection', async () => {
  const { stdout } = await run(ferretdb!, ['-migrate-sqlite', dir, '-to', storeAddress, '-log-level', 'error']);
  expect(stdout).toContain('counts and checksums match');
  for (const [i, connection] of store.entries()) {
    expect(stdout).toContain(`${databases[i]}.tickets: 1500 documents`);
    const tickets = connection.db!.collection('tickets');
    expect(await tickets.countDocuments()).toBe(1500);
    const ticket = await tickets.findOne({ _id: `${databases[i]}-42` as never });
    expect(ticket).toEqual({
      _id: `${databases[i]}-42`,
      workspaceId: 'ws-demo',
      number: 43,
      subject: 'Reklamacja faktury 42 — zażółć gęślą jaźń',
      tags: ['reklamacja', 'zwykły'],
      createdAt,
      amount: 63,
      meta: { channel: 'email', attempts: 0 },
    });
    const indexes = await tickets.indexes();
    expect(indexes.find((index) => index.name === 'workspace_number')).toMatchObject({
      key: { workspaceId: 1, number: 1 },
      unique: true,
    });
    await expect(tickets.insertOne({ workspaceId: 'ws-demo', number: 43 })).rejects.toMatchObject({ code: 11000 });
    expect(await connection.db!.listCollections({ name: 'empty_outbox' }).toArray()).toHaveLength(1);
  }
});

it('changes nothing when run again', async () => {
  const { stdout } = await run(ferretdb!, ['-migrate-sqlite', dir, '-to', storeAddress, '-log-level', 'error']);
  expect(stdout).toContain('counts and checksums match');
  expect(await store[0].db!.collection('tickets').countDocuments()).toBe(1500);
});
