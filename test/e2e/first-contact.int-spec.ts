// The first slice end to end on real servers: a mail appended to Dovecot →
// channel-email (imapflow) → contact.received.v1 on Kafka → tickets (store) →
// the gateway's authenticated agent API.
import { ImapFlow } from 'imapflow';
import { connectMongo } from '@threadline/persistence';
import {
  buildRawMail,
  commonTestEnv,
  fetchJson,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';
import { startTickets } from './started-services';

const infra = testInfra();
const workspaceId = uniqueName('ws');
const slug = uniqueName('bok');
const mailboxUser = `${uniqueName('support')}@firma.test`;
const password = 'correct horse battery staple';

const gatewayEnv = gatewayTestEnv();
const emailEnv = {
  ...commonTestEnv('channel-email'),
  EMAIL_POLL_INTERVAL_MS: '60000', // long: new mail must arrive through IDLE, not the poll
  EMAIL_MAILBOXES: JSON.stringify([
    {
      id: 'support',
      workspaceId,
      host: infra.imap.host,
      port: infra.imap.port,
      user: mailboxUser,
      password: infra.imap.password,
    },
  ]),
};

let tickets: RunningService;
let gateway: RunningService;
let email: RunningService | null = null;
let token: string;

function imapClient() {
  return new ImapFlow({
    host: infra.imap.host,
    port: infra.imap.port,
    secure: false,
    auth: { user: mailboxUser, pass: infra.imap.password },
    logger: false,
  });
}

async function deliver(from: { name: string; address: string }, subject: string, body: string, messageId: string) {
  const raw = buildRawMail({ from, to: mailboxUser, subject, body, messageId });
  const client = imapClient();
  await client.connect();
  await client.append('INBOX', raw);
  await client.logout();
}

function api(path: string, authToken: string | null = token) {
  return fetchJson(`${gateway.url}${path}`, { headers: authToken ? { authorization: `Bearer ${authToken}` } : {} });
}

function login(workspace: string, email: string, pass: string) {
  return fetchJson(`${gateway.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace, email, password: pass }),
  });
}

beforeAll(async () => {
  // The workspace and its admin, as the demo seed creates them.
  const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
  const workspaces = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  await workspaces.ensureWorkspace(slug, 'Biuro Obsługi Klienta', workspaceId);
  await workspaces.createAgent({ workspaceId, email: 'admin@firma.test', name: 'Admin', role: 'admin', password });
  await workspaces.ensureWorkspace(`${slug}-other`, 'Inna firma', `${workspaceId}-other`);
  await workspaces.createAgent({
    workspaceId: `${workspaceId}-other`,
    email: 'intruz@inna.test',
    name: 'Intruz',
    role: 'admin',
    password,
  });
  await connection.close();

  tickets = await startTickets();
  gateway = await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl });
  const session = await login(slug, 'admin@firma.test', password);
  expect(session.status).toBe(200);
  token = session.body.accessToken;
});

afterAll(async () => {
  await email?.close();
  await gateway?.close();
  await tickets?.close();
});

it('turns a mail in the mailbox into a ticket the agent sees, with Polish text intact', async () => {
  await deliver(
    { name: 'Zofia Wójcik', address: 'zofia@klient.pl' },
    'Zwrot towaru: źle naliczona opłata',
    'Proszę o korektę faktury. Dziękuję!',
    '<m1@klient.pl>',
  );
  email = await startService(channelEmailService, emailEnv);

  const list = await waitFor('the ticket in the agent API', async () => {
    const { body } = await api('/api/v1/tickets');
    return body.items?.length === 1 ? body : null;
  });
  expect(list.items[0]).toMatchObject({
    number: 1,
    subject: 'Zwrot towaru: źle naliczona opłata',
    channel: 'email',
    customer: { name: 'Zofia Wójcik', identities: [{ kind: 'email', value: 'zofia@klient.pl' }] },
  });
  const { body: detail } = await api('/api/v1/tickets/1');
  const inbound = detail.timeline.filter((e: { direction?: string }) => e.direction === 'inbound');
  expect(inbound).toHaveLength(1);
  expect(inbound[0].text.trim()).toBe('Proszę o korektę faktury. Dziękuję!');
});

it('picks up new mail through IDLE while running', async () => {
  await deliver(
    { name: 'Piotr Nowak', address: 'piotr@klient.pl' },
    'Pytanie o dostawę',
    'Kiedy dotrze paczka?',
    '<m2@klient.pl>',
  );
  await waitFor('the second ticket', async () => (await api('/api/v1/tickets')).body.items?.length === 2, { timeoutMs: 20_000 });
});

it('after a restart, ingests mail that arrived while it was down and duplicates nothing', async () => {
  await email?.close();
  email = null;
  await deliver({ name: 'Ewa Zielińska', address: 'ewa@klient.pl' }, 'Reklamacja', 'Towar uszkodzony.', '<m3@klient.pl>');
  email = await startService(channelEmailService, emailEnv);

  const list = await waitFor('the mail sent during the downtime', async () => {
    const { body } = await api('/api/v1/tickets');
    return body.items?.some((t: { subject: string }) => t.subject === 'Reklamacja') ? body : null;
  });
  // Give a duplicate the chance to show up before counting.
  await new Promise((r) => setTimeout(r, 1500));
  const { body: after } = await api('/api/v1/tickets');
  expect(after.items.map((t: { number: number }) => t.number).sort()).toEqual([1, 2, 3]);
  expect(list.items).toHaveLength(3);
  for (const number of [1, 2, 3]) {
    const { timeline } = (await api(`/api/v1/tickets/${number}`)).body;
    expect(timeline.filter((e: { direction?: string }) => e.direction === 'inbound')).toHaveLength(1);
  }
});

it('refuses requests without a valid token and hides other workspaces', async () => {
  expect((await api('/api/v1/tickets', null)).status).toBe(401);
  expect((await api('/api/v1/tickets', `${token}x`)).status).toBe(401);
  expect((await login(slug, 'admin@firma.test', 'wrong password')).status).toBe(401);

  const intruder = await login(`${slug}-other`, 'intruz@inna.test', password);
  const foreign = await api('/api/v1/tickets/1', intruder.body.accessToken);
  expect(foreign.status).toBe(404);
  expect(JSON.stringify(foreign.body)).not.toContain('Zwrot towaru');
  expect((await api('/api/v1/tickets', intruder.body.accessToken)).body.items).toEqual([]);
});

it('rejects a malformed login with the field and the reason', async () => {
  const response = await login(slug, 'not-an-email', password);
  expect(response.status).toBe(400);
  expect(response.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
});

describe('agents', () => {
  const post = (path: string, authToken: string, body: unknown) =>
    fetchJson(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${authToken}` },
      body: JSON.stringify(body),
    });
  const newAgent = { email: 'Ola.Nowak@firma.test', name: 'Ola Nowak', role: 'agent', password: 'długie hasło agentki' };

  it('lets an admin add an agent who can then log in, but not manage agents', async () => {
    const created = await post('/api/v1/agents', token, newAgent);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'ola.nowak@firma.test',
      name: 'Ola Nowak',
      role: 'agent',
      teams: [],
      createdAt: expect.any(String),
    });

    const listed = await api('/api/v1/agents');
    expect(listed.body.items.map((a: { email: string }) => a.email)).toEqual(['admin@firma.test', 'ola.nowak@firma.test']);
    expect(JSON.stringify(listed.body)).not.toMatch(/passwordHash|\$2[aby]\$/);

    const session = await login(slug, 'ola.nowak@firma.test', newAgent.password);
    expect(session.status).toBe(200);
    expect(session.body.agent.role).toBe('agent');
    expect((await api('/api/v1/agents', session.body.accessToken)).status).toBe(403);
    expect((await post('/api/v1/agents', session.body.accessToken, { ...newAgent, email: 'x@firma.test' })).status).toBe(403);
    expect((await api('/api/v1/tickets', session.body.accessToken)).status).toBe(200);
  });

  it('refuses a duplicate e-mail, unknown fields and weak passwords, naming what is wrong', async () => {
    expect((await post('/api/v1/agents', token, { ...newAgent, email: 'ola.nowak@FIRMA.test' })).status).toBe(409);
    const smuggled = await post('/api/v1/agents', token, { ...newAgent, email: 'y@firma.test', workspaceId: 'someone-else' });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.errors[0].reason).toMatch(/workspaceId/);
    const weak = await post('/api/v1/agents', token, { ...newAgent, email: 'z@firma.test', password: 'krótkie' });
    expect(weak.body.errors).toEqual([{ field: 'password', reason: 'must be at least 12 characters' }]);
  });

  it("shows an admin only their own workspace's agents", async () => {
    const intruder = await login(`${slug}-other`, 'intruz@inna.test', password);
    const listed = await api('/api/v1/agents', intruder.body.accessToken);
    expect(listed.body.items.map((a: { email: string }) => a.email)).toEqual(['intruz@inna.test']);
  });
});
