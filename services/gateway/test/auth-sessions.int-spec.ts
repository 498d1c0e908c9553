// Login, refresh-token rotation, logout and login throttling on the real store.
import { SignJWT } from 'jose';
import { connectMongo } from '@threadline/persistence';
import {
  fetchJson,
  startService,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../src/app.module';
import { WorkspaceRepository } from '../src/workspaces/workspace.repository';

const env = {
  ...gatewayTestEnv(),
  TICKETS_URL: 'http://127.0.0.1:9', // not called here
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
};
const ws = { id: uniqueName('ws'), slug: uniqueName('bok') };
const password = 'correct horse battery staple';
let gateway: RunningService;
let workspaces: WorkspaceRepository;
let closeStore: () => Promise<void>;

beforeAll(async () => {
  const connection = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  closeStore = () => connection.close();
  workspaces = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  await workspaces.ensureWorkspace(ws.slug, 'BOK', ws.id);
  for (const email of ['ola@firma.test', 'piotr@firma.test', 'kasia@firma.test', 'jan@firma.test']) {
    await workspaces.createAgent({ workspaceId: ws.id, email, name: email, role: 'agent', password });
  }
  await workspaces.createAgent({ workspaceId: ws.id, email: 'ewa@firma.test', name: 'Ewa', role: 'supervisor', password });
  await workspaces.createAgent({ workspaceId: ws.id, email: 'adam@firma.test', name: 'Adam', role: 'admin', password });
  gateway = await startService(gatewayService, env);
});

afterAll(async () => {
  await gateway?.close();
  await closeStore?.();
});

const post = (path: string, body: unknown) =>
  fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const json = async (response: Promise<Response>) => {
  const r = await response;
  return { status: r.status, headers: r.headers, body: (await r.json().catch(() => null)) as Json };
};
const login = (email: string, pass = password) => json(post('/api/v1/auth/login', { workspace: ws.slug, email, password: pass }));
const refresh = (refreshToken: string) => json(post('/api/v1/auth/refresh', { refreshToken }));
const me = (accessToken: string) =>
  fetchJson(`${gateway.url}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });

it('rotates refresh tokens and ends the whole login when an old one is reused', async () => {
  const first = await login('ola@firma.test');
  expect(first.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.any(String) });

  const second = await refresh(first.body.refreshToken);
  expect(second.status).toBe(200);
  expect((await me(second.body.accessToken)).body.email).toBe('ola@firma.test');

  // The first token again: it leaked. Both it and the newest token of the login stop working.
  const reused = await refresh(first.body.refreshToken);
  expect(reused).toMatchObject({ status: 401, body: { code: 'REFRESH_TOKEN_REUSED' } });
  expect((await refresh(second.body.refreshToken)).body.code).toBe('REFRESH_TOKEN_REVOKED');
  expect((await refresh('x'.repeat(43))).body.code).toBe('REFRESH_TOKEN_UNKNOWN');
  expect((await refresh('short')).status).toBe(400);
});

it('logs out: the refresh token and its successors are dead, other logins live on', async () => {
  const phone = await login('piotr@firma.test');
  const laptop = await login('piotr@firma.test');
  expect((await post('/api/v1/auth/logout', { refreshToken: phone.body.refreshToken })).status).toBe(204);
  expect((await refresh(phone.body.refreshToken)).status).toBe(401);
  expect((await refresh(laptop.body.refreshToken)).status).toBe(200);
});

it('gives the agent’s current role on refresh', async () => {
  const session = await login('kasia@firma.test');
  const agent = await workspaces.findAgent(ws.id, 'kasia@firma.test');
  await workspaces.updateAgent(ws.id, agent!._id, { role: 'admin' });
  const renewed = await refresh(session.body.refreshToken);
  expect(renewed.body.agent.role).toBe('admin');
  const agents = await fetchJson(`${gateway.url}/api/v1/agents`, {
    headers: { authorization: `Bearer ${renewed.body.accessToken as string}` },
  });
  expect(agents.status).toBe(200);
});

it('refuses logins after too many failures for an account, with Retry-After, without touching others', async () => {
  const target = 'ola@firma.test';
  for (let i = 0; i < 3; i++) expect((await login(target, 'wrong password')).status).toBe(401);
  const blocked = await login(target);
  expect(blocked.status).toBe(429);
  expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
  expect((await login('piotr@firma.test')).status).toBe(200);
});

const bearer = (token: string) => ({ authorization: `Bearer ${token as string}`, 'content-type': 'application/json' });

it('refuses an access token without an expiry, even signed with our key', async () => {
  const agent = await workspaces.findAgent(ws.id, 'ola@firma.test');
  const forever = await new SignJWT({ ws: ws.id, role: 'agent' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(agent!._id)
    .setIssuer('threadline-gateway')
    .setAudience('agent')
    .setIssuedAt()
    .sign(new TextEncoder().encode(env.JWT_SECRET));
  expect(await me(forever)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
});

it('takes a demotion into account at once on this instance and within SESSION_RECHECK_MS (5 s) on the others', async () => {
  const supervisor = (await login('ewa@firma.test')).body.accessToken as string;
  const admin = (await login('adam@firma.test')).body.accessToken as string;
  const merge = () =>
    fetchJson(`${gateway.url}/api/v1/tickets/2/merge`, {
      method: 'POST',
      headers: bearer(supervisor),
      body: JSON.stringify({ intoNumber: 1 }),
    });
  // Past the role check (the tickets service does not run here, hence 503): a supervisor may merge.
  expect((await merge()).body.code).toBe('TICKETS_UNAVAILABLE');

  // Another gateway instance (here: the store itself) demotes Ewa; her token still says supervisor.
  const ewa = await workspaces.findAgent(ws.id, 'ewa@firma.test');
  await workspaces.updateAgent(ws.id, ewa!._id, { role: 'agent' });
  await waitFor('the demoted supervisor refused', async () => (await merge()).status === 403, { timeoutMs: 5000 });

  // Demoted through this instance's API: the next request already knows.
  const agents = () => fetchJson(`${gateway.url}/api/v1/agents`, { headers: bearer(admin) });
  expect((await agents()).status).toBe(200);
  const adam = await workspaces.findAgent(ws.id, 'adam@firma.test');
  const demoted = await fetchJson(`${gateway.url}/api/v1/agents/${adam!._id}`, {
    method: 'PATCH',
    headers: bearer(admin),
    body: JSON.stringify({ role: 'supervisor' }),
  });
  expect(demoted.body.role).toBe('supervisor');
  expect((await agents()).status).toBe(403);
});

it('checks at most 5 of 30 wrong passwords sent at once to two gateway instances', async () => {
  const limits = { ...env, LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_CLIENT: '1000' };
  const instances = [await startService(gatewayService, limits), await startService(gatewayService, limits)];
  try {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetchJson(`${instances[i % 2].url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workspace: ws.slug, email: 'jan@firma.test', password: `guess-${i}` }),
        }),
      ),
    );
    const evaluated = answers.filter((a) => a.body?.code === 'INVALID_CREDENTIALS').length;
    const refused = answers.filter((a) => a.status === 429).length;
    console.info(`login throttle: 30 parallel wrong passwords, ${evaluated} evaluated, ${refused} refused (limit 5)`);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(evaluated + refused).toBe(30);
    // The right password is refused too now: the account is closed for the window.
    expect((await login('jan@firma.test')).status).toBe(429);
  } finally {
    for (const instance of instances) await instance.close();
  }
});
