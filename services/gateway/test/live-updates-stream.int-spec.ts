// Live updates for agent screens: ticket events from real Kafka reach the open
// streams of their own workspace only.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { createEnvelope, TOPICS } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  fetchJson,
  SseStream,
  startService,
  uniqueName,
  waitFor,
  type RunningService,
  testInfra,
  testPublisher,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../src/app.module';
import { WorkspaceRepository } from '../src/workspaces/workspace.repository';

const publisher = testPublisher('tickets');
// For events the registry (and so EventPublisher) does not know yet: a newer tickets service may send them.
let rawProducer: Producer;
const env = {
  ...gatewayTestEnv(),
  TICKETS_URL: 'http://127.0.0.1:9',
};
const home = { id: uniqueName('ws'), slug: uniqueName('bok') };
const other = { id: uniqueName('ws'), slug: uniqueName('inna') };
const password = 'correct horse battery staple';
let gateway: RunningService | undefined;
const tokens: Record<string, string> = {};

function ticketEvent(workspaceId: string, number: number, version: number) {
  return publisher.publish('ticket.updated.v1', {
    workspaceId,
    key: `t-${number}`,
    payload: {
      ticketId: `t-${number}`,
      number,
      version,
      actor: { kind: 'agent', id: 'a1' },
      changes: { status: { from: 'new', to: 'open' } },
      state: { status: 'open', priority: 'normal', queue: null, assigneeId: null, tags: [], category: null },
      at: new Date().toISOString(),
    },
  });
}

beforeAll(async () => {
  const connection = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  const workspaces = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  for (const ws of [home, other]) {
    await workspaces.ensureWorkspace(ws.slug, ws.slug, ws.id);
    await workspaces.createAgent({ workspaceId: ws.id, email: 'agent@firma.test', name: 'Agent', role: 'agent', password });
  }
  await connection.close();
  gateway = await startService(gatewayService, env);
  for (const ws of [home, other]) {
    const session = await fetchJson(`${gateway!.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: ws.slug, email: 'agent@firma.test', password }),
    });
    tokens[ws.id] = session.body.accessToken;
  }
  await publisher.connect();
  rawProducer = new Kafka({
    clientId: 'live-test',
    brokers: testInfra().kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  }).producer();
  await rawProducer.connect();
});

afterAll(async () => {
  await rawProducer.disconnect();
  await publisher.disconnect();
  await gateway?.close();
});

async function streamToken(workspaceId: string): Promise<string> {
  const { body } = await fetchJson(`${gateway!.url}/api/v1/live/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[workspaceId]}` },
  });
  return body.token;
}

it('pushes a workspace’s ticket events to its screens and never another workspace’s', async () => {
  const mine = await new SseStream().open(`${gateway!.url}/api/v1/live?token=${await streamToken(home.id)}`);
  const oneTicket = await new SseStream().open(`${gateway!.url}/api/v1/live?ticket=7`, {
    authorization: `Bearer ${tokens[home.id]}`,
  });
  const theirs = await new SseStream().open(`${gateway!.url}/api/v1/live?token=${await streamToken(other.id)}`);
  try {
    await waitFor('streams ready', () => [mine, oneTicket, theirs].every((s) => s.frames.some((f) => f.event === 'ready')));
    // The feed starts at the end of the topic: publish until the first event shows (it joins in the background).
    await waitFor(
      'the live feed to see new events',
      async () => {
        await ticketEvent(home.id, 1, 2);
        return mine.frames.some((f) => f.event === 'ticket.updated.v1');
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await ticketEvent(other.id, 5, 2);
    await ticketEvent(home.id, 7, 3);
    await waitFor('ticket #7 on both home screens', () =>
      [mine, oneTicket].every((s) => s.frames.some((f) => f.data.number === 7)),
    );
    expect(mine.frames.find((f) => f.data.number === 7)?.data).toMatchObject({
      type: 'ticket.updated.v1',
      version: 3,
      payload: { changes: { status: { to: 'open' } } },
    });
    expect(oneTicket.frames.filter((f) => f.event !== 'ready').map((f) => f.data.number)).toEqual([7]);
    await waitFor('the other workspace’s event', () => theirs.frames.some((f) => f.data.number === 5));
    expect([...mine.frames, ...oneTicket.frames].some((f) => f.data.number === 5)).toBe(false);
    expect(theirs.frames.some((f) => f.data.number === 1 || f.data.number === 7)).toBe(false);
  } finally {
    [mine, oneTicket, theirs].forEach((s) => s.close());
  }
});

it('forwards every ticket event type, even one this build does not know, and merges into a watched ticket', async () => {
  const all = await new SseStream().open(`${gateway!.url}/api/v1/live?token=${await streamToken(home.id)}`);
  const watched = await new SseStream().open(`${gateway!.url}/api/v1/live?ticket=21`, {
    authorization: `Bearer ${tokens[home.id]}`,
  });
  try {
    await waitFor('streams ready', () => [all, watched].every((s) => s.frames.some((f) => f.event === 'ready')));
    const unknown = createEnvelope({
      type: 'ticket.sla-breached.v1',
      version: 1,
      source: 'tickets',
      workspaceId: home.id,
      key: 't-20',
      payload: { ticketId: 't-20', number: 20, version: 4, dueAt: '2030-01-01T00:00:00.000Z' },
    });
    await rawProducer.send({ topic: TOPICS.ticketEvents.name, messages: [{ key: unknown.key, value: JSON.stringify(unknown) }] });
    await publisher.publish('ticket.note-added.v1', {
      workspaceId: home.id,
      key: 't-20',
      payload: {
        ticketId: 't-20',
        number: 20,
        version: 5,
        noteId: 'n1',
        authorId: 'a1',
        mentions: [],
        at: new Date().toISOString(),
      },
    });
    await publisher.publish('ticket.merged.v1', {
      workspaceId: home.id,
      key: 't-20',
      payload: {
        ticketId: 't-20',
        number: 20,
        version: 6,
        intoTicketId: 't-21',
        intoNumber: 21,
        actor: { kind: 'agent', id: 'a1' },
        at: new Date().toISOString(),
      },
    });
    await waitFor('the merge on both screens', () =>
      [all, watched].every((s) => s.frames.some((f) => f.event === 'ticket.merged.v1')),
    );
    expect(all.frames.filter((f) => f.data.number === 20).map((f) => f.event)).toEqual([
      'ticket.sla-breached.v1',
      'ticket.note-added.v1',
      'ticket.merged.v1',
    ]);
    expect(all.frames.find((f) => f.event === 'ticket.sla-breached.v1')?.data).toMatchObject({
      ticketId: 't-20',
      version: 4,
      payload: { dueAt: '2030-01-01T00:00:00.000Z' },
    });
    expect(watched.frames.filter((f) => f.event !== 'ready').map((f) => f.event)).toEqual(['ticket.merged.v1']);
  } finally {
    [all, watched].forEach((s) => s.close());
  }
});

it('reports the live feed in /health', async () => {
  const { status, body } = await fetchJson(`${gateway!.url}/health`);
  expect(status).toBe(200);
  expect(body.checks).toMatchObject({ 'live-feed': 'ok' });
});

it('opens a stream only with a stream token or an access token header, never an access token in the URL', async () => {
  expect((await new SseStream().open(`${gateway!.url}/api/v1/live`)).status).toBe(401);
  expect((await new SseStream().open(`${gateway!.url}/api/v1/live?token=${tokens[home.id]}`)).status).toBe(401);
  expect((await fetchJson(`${gateway!.url}/api/v1/live/token`, { method: 'POST' })).status).toBe(401);
  // A stream token is no access token either.
  const token = await streamToken(home.id);
  expect((await fetchJson(`${gateway!.url}/api/v1/tickets`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
});

it('counts open streams in /metrics and ends them on shutdown', async () => {
  const stream = await new SseStream().open(`${gateway!.url}/api/v1/live?token=${await streamToken(home.id)}`);
  await waitFor('ready', () => stream.frames.length > 0);
  const metrics = await (await fetch(`${gateway!.url}/metrics`)).text();
  expect(metrics).toMatch(/threadline_live_streams\{[^}]*\} [1-9]/);
  // An open stream must not hold shutdown up: the server ends it and closes.
  await gateway!.close();
  gateway = undefined;
  await waitFor('the stream to end', () => stream.ended, { timeoutMs: 5000 });
});
