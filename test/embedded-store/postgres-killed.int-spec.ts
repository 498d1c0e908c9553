// The embedded store's PostgreSQL killed with SIGKILL while contacts flow: the tickets service
// says so on /health, keeps every contact waiting in Kafka rather than dead-lettering it, and
// once PostgreSQL is back (scripts/infra.sh up) every contact is on its ticket exactly once.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  buildContact,
  commonTestEnv,
  consumerGroupStartingNow,
  startService,
  testPublisher,
  uniqueName,
  waitFor,
  type RunningService,
} from '@threadline/testing';
import { ticketsService } from '../../services/tickets/src/app.module';

const run = promisify(execFile);
const stateDir = process.env.THREADLINE_STATE_DIR;
if (!stateDir) throw new Error('THREADLINE_STATE_DIR is not set: run the embedded-store tests with "npm test"');
const repoRoot = join(__dirname, '..', '..');

const CUSTOMERS = 40;
const CONTACTS_EACH = 4;
const ws = uniqueName('ws');
const publisher = testPublisher('test');
const env = commonTestEnv('tickets');
let tickets: RunningService;
let store: Connection;

function contact(customer: number, k: number) {
  return buildContact('sms', [{ kind: 'phone', value: `+48601${String(200000 + customer)}` }], {
    text: `klient ${customer}, sprawa ${k}: zażółć gęślą jaźń`,
    providerMessageId: `SM-${ws}-${customer}-${k}`,
    receivedAt: new Date(Date.now() - 3600_000 + k * 60_000 + customer).toISOString(),
  });
}
const publish = (customer: number, k: number) =>
  publisher.publish('contact.received.v1', {
    workspaceId: ws,
    key: `+48601${String(200000 + customer)}`,
    payload: contact(customer, k),
  });
const messagesOnTimelines = () => store.collection('timeline').countDocuments({ workspaceId: ws, kind: 'message' });
const health = async () => {
  const response = await fetch(`${tickets.url}/health`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, unknown> } };
};

beforeAll(async () => {
  const group = await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]);
  tickets = await startService(ticketsService, { ...env, TICKETS_CONSUMER_GROUP: group });
  store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  await publisher.connect();
});
afterAll(async () => {
  // PostgreSQL must be up again for the tests after this one, whatever happened here.
  await run('bash', [join(repoRoot, 'scripts/infra.sh'), 'up'], { cwd: repoRoot });
  await publisher.disconnect();
  await store?.close();
  await tickets?.close();
});

it('loses and duplicates no contact when PostgreSQL is killed mid-load and comes back', async () => {
  for (let i = 0; i < CUSTOMERS; i++) await publish(i, 0);
  await waitFor('the first contacts on tickets', async () => (await messagesOnTimelines()) >= 10, { timeoutMs: 60_000 });

  const postmaster = Number(readFileSync(join(stateDir, 'pids', 'postgres.pid'), 'utf8'));
  process.kill(postmaster, 'SIGKILL');
  // The rest arrive while the store cannot write: they wait in Kafka.
  for (let k = 1; k < CONTACTS_EACH; k++) for (let i = 0; i < CUSTOMERS; i++) await publish(i, k);

  const down = await waitFor('/health to report the store', async () => {
    const answer = await health();
    return answer.status === 503 ? answer : null;
  });
  expect(Object.keys(down.body.checks)).toContain('store');
  expect(JSON.stringify(down.body.checks.store)).toMatch(/fail|error|connect/i);
  // A request that needs the store meanwhile is told so: 503, try again, not a bare 500.
  const asked = await tickets.internalApi(ws).fetch('tickets');
  expect(asked.status).toBe(503);
  expect(asked.body).toEqual({ code: 'STORE_UNAVAILABLE', message: 'the store does not answer; try again shortly' });

  await run('bash', [join(repoRoot, 'scripts/infra.sh'), 'up'], { cwd: repoRoot });
  await waitFor('every contact on a ticket', async () => (await messagesOnTimelines()) >= CUSTOMERS * CONTACTS_EACH, {
    timeoutMs: 180_000,
    intervalMs: 1000,
  });
  // Settled: a duplicate would show up as an extra entry.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(await messagesOnTimelines()).toBe(CUSTOMERS * CONTACTS_EACH);
  expect(await store.collection('tickets').countDocuments({ workspaceId: ws })).toBe(CUSTOMERS);
  const texts = await store
    .collection('timeline')
    .find({ workspaceId: ws, kind: 'message', text: /^klient 7,/ })
    .toArray();
  expect(texts.map((entry) => entry.text as string).sort()).toEqual(
    Array.from({ length: CONTACTS_EACH }, (_, k) => `klient 7, sprawa ${k}: zażółć gęślą jaźń`),
  );
  expect((await health()).status).toBe(200);
}, 300_000);
