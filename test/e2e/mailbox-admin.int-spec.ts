// Admins connect a mailbox through the gateway; channel-email syncs it within
// seconds without a restart, routes its addresses to queues, and never shows
// the password. Real Dovecot, Kafka and store.
import { connectMongo } from '@threadline/persistence';
import {
  buildRawMail,
  commonTestEnv,
  fetchJson,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  appendToMailbox,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';
import { startTickets } from './started-services';

const infra = testInfra();
const password = 'correct horse battery staple';
const ws = { id: uniqueName('ws'), slug: uniqueName('bok') };
const running: RunningService[] = [];
let gateway: RunningService;
let email: RunningService;
const emailEnv = { ...commonTestEnv('channel-email'), EMAIL_MAILBOX_REFRESH_MS: '300', EMAIL_POLL_INTERVAL_MS: '1000' };
/** A mailbox an earlier release stored with its password in plain text. */
const legacyLogin = `${uniqueName('stary')}@firma.test`;

/** channel-email's own record of its mailboxes, as the store holds them. */
async function storedMailboxes() {
  const store = await connectMongo(emailEnv.MONGO_URL, emailEnv.MONGO_DATABASE);
  try {
    return await store.collection('mailboxes').find({}).toArray();
  } finally {
    await store.close();
  }
}
const tokens: Record<'admin' | 'agent', string> = { admin: '', agent: '' };

function call(who: 'admin' | 'agent', method: string, path: string, body?: unknown) {
  return fetchJson(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  const gatewayEnv = gatewayTestEnv();
  const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
  const workspaces = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  await workspaces.ensureWorkspace(ws.slug, 'BOK', ws.id);
  await workspaces.createAgent({ workspaceId: ws.id, email: 'admin@firma.test', name: 'Admin', role: 'admin', password });
  await workspaces.createAgent({ workspaceId: ws.id, email: 'ola@firma.test', name: 'Ola', role: 'agent', password });
  await connection.close();

  const tickets = await startTickets();
  const store = await connectMongo(emailEnv.MONGO_URL, emailEnv.MONGO_DATABASE);
  const now = new Date();
  await store.collection('mailboxes').insertOne({
    _id: 'legacy' as never,
    workspaceId: `${ws.id}-legacy`,
    name: 'Stara skrzynka',
    host: infra.imap.host,
    port: infra.imap.port,
    secure: false,
    user: legacyLogin,
    password: infra.imap.password,
    folder: 'INBOX',
    addresses: [],
    routes: [],
    createdAt: now,
    updatedAt: now,
  });
  await store.close();
  email = await startService(channelEmailService, emailEnv);
  running.push(tickets, email);
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    CHANNEL_EMAIL_URL: email.internalUrl,
  });
  for (const [who, address] of [
    ['admin', 'admin@firma.test'],
    ['agent', 'ola@firma.test'],
  ] as const) {
    const session = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: ws.slug, email: address, password }),
    });
    tokens[who] = session.body.accessToken;
  }
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all(running.map((s) => s.close()));
});

it('connects a mailbox without a restart, routes its addresses to queues, and keeps the password to itself', async () => {
  const login = `${uniqueName('bok')}@firma.test`;
  const settings = {
    name: 'Reklamacje',
    host: infra.imap.host,
    port: infra.imap.port,
    secure: false,
    user: login,
    password: infra.imap.password,
    addresses: ['reklamacje@firma.test'],
    routes: [{ address: 'reklamacje@firma.test', queue: 'complaints' }],
  };
  expect((await call('agent', 'POST', '/api/v1/mailboxes', settings)).status).toBe(403);
  const bad = await call('admin', 'POST', '/api/v1/mailboxes', { ...settings, port: 'imap', colour: 'red' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: Json) => e.field)).toEqual(expect.arrayContaining(['port']));

  const smtpPassword = 'smtp-hasło-ŻÓŁW-42';
  const smtp = { host: 'smtp.firma.test', port: 587, secure: false, user: login, password: smtpPassword };
  const created = await call('admin', 'POST', '/api/v1/mailboxes', { ...settings, smtp });
  expect(created.status).toBe(201);
  expect(JSON.stringify(created.body)).not.toContain(infra.imap.password);
  expect(JSON.stringify(created.body)).not.toContain(smtpPassword);
  expect(created.body).toMatchObject({
    name: 'Reklamacje',
    user: login,
    passwordSet: true,
    smtp: { host: 'smtp.firma.test', port: 587, user: login, passwordSet: true },
  });
  const listed = JSON.stringify((await call('admin', 'GET', '/api/v1/mailboxes')).body);
  expect(listed).not.toContain(infra.imap.password);
  expect(listed).not.toContain(smtpPassword);
  // Sealed in the store too: a copy of the database does not give the passwords away.
  const stored = JSON.stringify((await storedMailboxes()).find((d) => String(d._id) === created.body.id));
  expect(stored).toContain('sealed:v1:');
  expect(stored).not.toContain(infra.imap.password);
  expect(stored).not.toContain(smtpPassword);

  await appendToMailbox(login, [
    buildRawMail({
      from: { name: 'Jan', address: 'jan@klient.pl' },
      to: 'reklamacje@firma.test',
      subject: 'Reklamacja butów',
      body: 'Podeszwa odpadła.',
      messageId: '<rek-1@klient.pl>',
    }),
  ]);
  const ticket = await waitFor('a ticket from the new mailbox', async () => {
    const { body } = await call('admin', 'GET', '/api/v1/tickets');
    return body.items.length === 1 ? body.items[0] : null;
  });
  expect(ticket).toMatchObject({ subject: 'Reklamacja butów', queue: 'complaints' });

  // Removed: the sync stops, and new mail stays where it is.
  expect((await call('admin', 'DELETE', `/api/v1/mailboxes/${created.body.id as string}`)).status).toBe(204);
  await new Promise((r) => setTimeout(r, 1500));
  await appendToMailbox(login, [
    buildRawMail({
      from: { name: 'Ewa', address: 'ewa@klient.pl' },
      to: login,
      subject: 'Po odłączeniu',
      body: 'x',
      messageId: '<po-1@klient.pl>',
    }),
  ]);
  await new Promise((r) => setTimeout(r, 3000));
  expect((await call('admin', 'GET', '/api/v1/tickets')).body.items).toHaveLength(1);
  expect((await call('admin', 'DELETE', `/api/v1/mailboxes/${created.body.id as string}`)).status).toBe(404);
});

it('seals a password an earlier release stored in plain text, and the mailbox still syncs with it', async () => {
  const legacy = (await storedMailboxes()).find((d) => String(d._id) === 'legacy');
  expect(String(legacy?.password)).toMatch(/^sealed:v1:/);
  await waitFor('the legacy mailbox connected with its opened password', async () => {
    const store = await connectMongo(emailEnv.MONGO_URL, emailEnv.MONGO_DATABASE);
    try {
      return (await store.collection('mailbox_sync_states').findOne({ _id: 'legacy' as never }))?.state === 'syncing';
    } finally {
      await store.close();
    }
  });
});

it('refuses mailboxes whose servers lead inside (metadata, private networks), with one reason, and shows each mailbox’s sync state', async () => {
  const settings = { name: 'Skrzynka', port: 993, secure: true, user: 'bok@firma.test', password: 'x' };
  const internal = [
    '169.254.169.254',
    '10.0.0.5',
    '172.16.8.1',
    '192.168.1.10',
    '100.100.100.200',
    '0.0.0.0',
    '[::1]',
    'fd00:ec2::254',
  ];
  const answers: Json[] = [];
  for (const host of internal) {
    answers.push(await call('admin', 'POST', '/api/v1/mailboxes', { ...settings, host }));
    answers.push(
      await call('admin', 'POST', '/api/v1/mailboxes', {
        ...settings,
        host: infra.imap.host,
        smtp: { host, port: 25, secure: false },
      }),
    );
  }
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 400));
  expect(new Set(answers.map((a) => a.body.errors[0].field))).toEqual(new Set(['host', 'smtp.host']));
  expect(new Set(answers.map((a) => a.body.errors[0].reason)).size).toBe(1);

  const created = await call('admin', 'POST', '/api/v1/mailboxes', {
    ...settings,
    host: infra.imap.host,
    port: infra.imap.port,
    secure: false,
    user: `${uniqueName('stan')}@firma.test`,
    password: infra.imap.password,
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await call('admin', 'PATCH', `/api/v1/mailboxes/${id}`, { host: '169.254.169.254', port: 80 })).status).toBe(400);
  const listed = await waitFor('the new mailbox syncing', async () => {
    const { body } = await call('admin', 'GET', '/api/v1/mailboxes');
    const mine = body.items.find((m: Json) => m.id === id);
    return mine?.sync?.state === 'syncing' ? mine : null;
  });
  expect(listed.sync).toMatchObject({ state: 'syncing', problem: null });
  console.log(
    JSON.stringify({ mailboxHosts: { tried: answers.length + 1, refused: answers.filter((a) => a.status === 400).length + 1 } }),
  );
  expect((await call('admin', 'DELETE', `/api/v1/mailboxes/${id}`)).status).toBe(204);
});
