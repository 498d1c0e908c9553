// The agent API through the gateway, on real Kafka and the real store: roles,
// workspace isolation on every endpoint, my-team filters, @mentions,
// stale-update detection and the audit trail.
import { connectMongo } from '@threadline/persistence';
import {
  buildEmailContact,
  fetchJson,
  startService,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  testPublisher,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';
import { startTickets } from './started-services';

const publisher = testPublisher('test');
const password = 'correct horse battery staple';
const home = { id: uniqueName('ws'), slug: uniqueName('bok') };
const other = { id: uniqueName('ws'), slug: uniqueName('inna') };
const gatewayEnv = gatewayTestEnv();

let tickets: RunningService;
let gateway: RunningService;
const tokens: Record<'admin' | 'supervisor' | 'ola' | 'piotr' | 'kasia' | 'intruder', string> = {} as never;
const ids: Record<string, string> = {};

async function call(
  who: keyof typeof tokens,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, etag: response.headers.get('etag'), body: (await response.json().catch(() => null)) as Json };
}

beforeAll(async () => {
  const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
  const workspaces = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  await workspaces.ensureWorkspace(home.slug, 'BOK', home.id);
  await workspaces.ensureWorkspace(other.slug, 'Inna firma', other.id);
  const agents = [
    { key: 'admin', ws: home, email: 'admin@firma.test', role: 'admin', teams: [] },
    { key: 'supervisor', ws: home, email: 'ewa.kierownik@firma.test', role: 'supervisor', teams: ['reklamacje'] },
    { key: 'ola', ws: home, email: 'ola@firma.test', role: 'agent', teams: ['reklamacje'] },
    { key: 'piotr', ws: home, email: 'piotr@firma.test', role: 'agent', teams: ['reklamacje'] },
    { key: 'kasia', ws: home, email: 'kasia@firma.test', role: 'agent', teams: ['sprzedaz'] },
    { key: 'intruder', ws: other, email: 'intruz@inna.test', role: 'admin', teams: [] },
  ] as const;
  for (const a of agents) {
    await workspaces.createAgent({
      workspaceId: a.ws.id,
      email: a.email,
      name: a.key,
      role: a.role,
      teams: [...a.teams],
      password,
    });
    ids[a.key] = (await workspaces.findAgent(a.ws.id, a.email))!._id;
  }
  await connection.close();

  tickets = await startTickets();
  gateway = await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl });
  for (const a of agents) {
    const session = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: a.ws.slug, email: a.email, password }),
    });
    tokens[a.key] = session.body.accessToken;
  }
  await publisher.connect();
  for (const [i, subject] of ['Reklamacja butów', 'Zwrot pieniędzy', 'Pytanie o fakturę'].entries()) {
    const contact = buildEmailContact({
      subject,
      from: [{ kind: 'email', value: `klient${i}@example.pl`, displayName: `Klient ${i}` }],
    });
    await publisher.publish('contact.received.v1', { workspaceId: home.id, key: contact.from[0].value, payload: contact });
    await waitFor(`ticket #${i + 1}`, async () => (await call('ola', 'GET', `/api/v1/tickets/${i + 1}`)).status === 200);
  }
}, 60_000);

afterAll(async () => {
  await publisher.disconnect();
  await gateway?.close();
  await tickets?.close();
});

it('refuses another workspace on every ticket and customer endpoint, with 404 and no data', async () => {
  const ticket = (await call('ola', 'GET', '/api/v1/tickets/1')).body;
  const customerId = ticket.customer.id as string;
  const attempts: [string, string, unknown?][] = [
    ['GET', '/api/v1/tickets/1'],
    ['PATCH', '/api/v1/tickets/1', { status: 'closed' }],
    ['POST', '/api/v1/tickets/1/notes', { text: 'wejście' }],
    ['POST', '/api/v1/tickets/1/replies', { text: 'wejście' }],
    ['POST', '/api/v1/tickets/2/merge', { intoNumber: 1 }],
    ['GET', `/api/v1/customers/${customerId}`],
    ['PATCH', `/api/v1/customers/${customerId}`, { tier: 'vip' }],
    ['POST', `/api/v1/customers/${customerId}/merge`, { customerId }],
  ];
  for (const [method, path, body] of attempts) {
    const answer = await call('intruder', method, path, body);
    expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
    expect(JSON.stringify(answer.body)).not.toContain('klient0@example.pl');
  }
  expect((await call('intruder', 'GET', '/api/v1/tickets')).body.items).toEqual([]);
  expect((await call('intruder', 'GET', '/api/v1/tickets/today')).body.items).toEqual([]);
  expect((await call('intruder', 'GET', '/api/v1/audit')).body.items).toEqual([]);
  // The ticket is untouched.
  expect((await call('ola', 'GET', '/api/v1/tickets/1')).body.status).toBe('new');
});

it('lets roles do only what they may', async () => {
  expect((await call('ola', 'GET', '/api/v1/agents')).status).toBe(403);
  expect((await call('ola', 'GET', '/api/v1/audit')).status).toBe(403);
  expect((await call('ola', 'POST', '/api/v1/tickets/3/merge', { intoNumber: 2 })).status).toBe(403);
  expect((await call('supervisor', 'GET', '/api/v1/agents')).status).toBe(403);
  expect((await call('admin', 'GET', '/api/v1/agents')).body.items).toHaveLength(5);
  expect((await call('ola', 'GET', '/api/v1/tickets')).status).toBe(200);
});

it('filters by me and my team, resolves @mentions, and validates assignees', async () => {
  expect((await call('ola', 'PATCH', '/api/v1/tickets/1', { assigneeId: 'me' })).body.assigneeId).toBe(ids.ola);
  expect((await call('supervisor', 'PATCH', '/api/v1/tickets/2', { assigneeId: ids.piotr })).body.assigneeId).toBe(ids.piotr);
  expect((await call('supervisor', 'PATCH', '/api/v1/tickets/3', { assigneeId: ids.kasia })).body.assigneeId).toBe(ids.kasia);
  const numbers = async (who: keyof typeof tokens, assignee: string) =>
    (await call(who, 'GET', `/api/v1/tickets?assignee=${assignee}&sort=number&order=asc`)).body.items.map((t: Json) => t.number);
  expect(await numbers('ola', 'me')).toEqual([1]);
  expect(await numbers('ola', 'team')).toEqual([1, 2]);
  expect(await numbers('kasia', 'team')).toEqual([3]);
  expect(await numbers('ola', 'anyone')).toEqual([1, 2, 3]);

  const foreign = await call('supervisor', 'PATCH', '/api/v1/tickets/1', { assigneeId: ids.intruder });
  expect(foreign.status).toBe(400);
  expect(foreign.body.errors[0].field).toBe('assigneeId');

  const note = await call('ola', 'POST', '/api/v1/tickets/1/notes', { text: 'Czy @piotr i @ewa.kierownik mogą zerknąć?' });
  expect(note.status).toBe(201);
  expect(note.body.mentions.sort()).toEqual([ids.piotr, ids.supervisor].sort());
});

it('detects a stale update through If-Match and answers ETags', async () => {
  const seen = await call('piotr', 'GET', '/api/v1/tickets/2');
  expect(seen.etag).toBe(`"${seen.body.version as number}"`);
  const first = await call('piotr', 'PATCH', '/api/v1/tickets/2', { priority: 'urgent' }, { 'if-match': seen.etag! });
  expect(first.status).toBe(200);
  expect(first.etag).toBe(`"${(seen.body.version as number) + 1}"`);
  const second = await call('supervisor', 'PATCH', '/api/v1/tickets/2', { priority: 'low' }, { 'if-match': seen.etag! });
  expect(second.status).toBe(409);
  expect(second.body.code).toBe('STALE_TICKET');
  expect((await call('piotr', 'GET', '/api/v1/tickets/2')).body.priority).toBe('urgent');
});

it('names the route parameter that is not a ticket number', async () => {
  for (const bad of ['abc', '0', '1.5']) {
    for (const [method, path, body] of [
      ['GET', `/api/v1/tickets/${bad}`, undefined],
      ['POST', `/api/v1/tickets/${bad}/notes`, { text: 'Notatka' }],
    ] as const) {
      const answer = await call('admin', method, path, body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'number' })]);
    }
  }
});

it('refuses a body that is not JSON like any bad input: 400 with a code, and the ticket unchanged', async () => {
  const before = await call('admin', 'GET', '/api/v1/tickets/3');
  const answer = await fetchJson(`${gateway.url}/api/v1/tickets/3`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
    body: '{"priority":"urgent"',
  });
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ code: 'INVALID_JSON', message: expect.stringMatching(/^the body is not valid JSON/) });
  expect((await call('admin', 'GET', '/api/v1/tickets/3')).body.version).toBe(before.body.version);
});

it('answers a path nothing serves with 404 in the same shape as every refusal', async () => {
  const answer = await call('admin', 'GET', '/api/v1/tikets');
  expect(answer.status).toBe(404);
  expect(answer.body).toEqual({ code: 'NOT_FOUND', message: 'Cannot GET /api/v1/tikets' });
});

it('shows admins one audit trail of agent management and ticket actions', async () => {
  const created = await call('admin', 'POST', '/api/v1/agents', {
    email: 'nowy@firma.test',
    name: 'Nowy',
    role: 'agent',
    password: 'long enough password',
  });
  expect(created.status).toBe(201);
  expect((await call('admin', 'PATCH', `/api/v1/agents/${created.body.id as string}`, { role: 'supervisor' })).body.role).toBe(
    'supervisor',
  );
  const again = await call('admin', 'POST', '/api/v1/agents', {
    email: 'nowy@firma.test',
    name: 'Nowy drugi',
    role: 'agent',
    password: 'long enough password',
  });
  expect(again).toMatchObject({ status: 409, body: { code: 'AGENT_EXISTS' } });
  expect(await call('admin', 'PATCH', '/api/v1/agents/no-such-agent', { name: 'Ktoś' })).toMatchObject({
    status: 404,
    body: { code: 'AGENT_NOT_FOUND' },
  });
  await call('ola', 'PATCH', '/api/v1/tickets/1', { tags: ['obuwie'] });
  const { body } = await call('admin', 'GET', '/api/v1/audit?limit=50');
  const actions = body.items.map((i: Json) => i.action);
  expect(actions).toEqual(expect.arrayContaining(['agent.create', 'agent.update', 'ticket.update']));
  expect(body.items.find((i: Json) => i.action === 'agent.update')).toMatchObject({
    before: { role: 'agent' },
    after: { role: 'supervisor' },
    actor: { id: ids.admin },
  });
  const times = body.items.map((i: Json) => new Date(i.at).getTime());
  expect(times).toEqual([...times].sort((a, b) => b - a));
});
