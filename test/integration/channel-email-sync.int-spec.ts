// channel-email against a real Dovecot and Kafka: what a broken mail, a changed
// UIDVALIDITY and an unreachable server do.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { ImapFlow } from 'imapflow';
import { TOPICS } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  buildRawMail,
  commonTestEnv,
  EventProbe,
  fetchJson,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
  consumerGroupStartingNow,
} from '@threadline/testing';
import { ticketsService } from '../../services/tickets/src/app.module';
import { channelEmailService } from '../../services/channel-email/src/app.module';

const infra = testInfra();
const contacts = new EventProbe(infra.kafkaBrokers.split(','));
const running: RunningService[] = [];

beforeAll(() => contacts.start([TOPICS.contactReceived.name]));
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  await contacts.stop();
});

function mailboxEnv(user: string, workspaceId: string, folder = 'INBOX', port = infra.imap.port) {
  return {
    ...commonTestEnv('channel-email'),
    EMAIL_MAILBOXES: JSON.stringify([
      { id: 'box', workspaceId, host: infra.imap.host, port, user, password: infra.imap.password, folder },
    ]),
  };
}

async function withImap<T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: infra.imap.host,
    port: infra.imap.port,
    secure: false,
    auth: { user, pass: infra.imap.password },
    logger: false,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout();
  }
}

const mail = (n: number, to: string) =>
  buildRawMail({
    from: { name: `Klient ${n}`, address: `k${n}@klient.pl` },
    to,
    subject: `Sprawa ${n}`,
    body: `treść ${n}`,
    messageId: `<${to}.${n}@klient.pl>`,
  });

function contactsOf(workspaceId: string) {
  return contacts.events().filter((e) => e.workspaceId === workspaceId && e.type === 'contact.received.v1');
}

it('keeps a mail it cannot turn into a contact, with the reason, and goes on with the next one', async () => {
  const user = `${uniqueName('box')}@firma.test`;
  const workspaceId = uniqueName('ws');
  await withImap(user, async (client) => {
    await client.append('INBOX', Buffer.from('Subject: bez nadawcy\r\n\r\nkto to napisał?'));
    await client.append('INBOX', mail(1, user));
  });
  const env = mailboxEnv(user, workspaceId);
  running.push(await startService(channelEmailService, env));

  await waitFor('the valid mail as a contact', () => contactsOf(workspaceId).length === 1);
  const connection = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  const rejected = await connection.db!.collection('rejected_mails').find().toArray();
  await connection.close();
  expect(rejected).toHaveLength(1);
  expect(rejected[0]).toMatchObject({ mailboxId: 'box', uid: 1, reason: 'no usable From address' });
  expect(rejected[0].raw.buffer.toString()).toContain('kto to napisał?');
});

it('resyncs a folder whose UIDVALIDITY changed without duplicating tickets', async () => {
  const user = `${uniqueName('box')}@firma.test`;
  const workspaceId = uniqueName('ws');
  await withImap(user, async (client) => {
    await client.mailboxCreate('Reklamacje');
    await client.append('Reklamacje', mail(1, user));
    await client.append('Reklamacje', mail(2, user));
  });
  const ticketsEnv = {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  };
  const tickets = await startService(ticketsService, ticketsEnv);
  running.push(tickets);
  const list = async () => (await tickets.internalApi(workspaceId).fetch(`tickets`)).body.items as unknown[];

  const env = mailboxEnv(user, workspaceId, 'Reklamacje');
  const first = await startService(channelEmailService, env);
  await waitFor('two tickets', async () => (await list()).length === 2);
  await first.close();

  // Recreating the folder gives it a new UIDVALIDITY; the same two mails come back plus a new one.
  const validity = await withImap(user, async (client) => {
    const uidValidity = async () => {
      const status = await client.status('Reklamacje', { uidValidity: true });
      return status ? status.uidValidity : null;
    };
    const before = await uidValidity();
    await client.mailboxDelete('Reklamacje');
    await client.mailboxCreate('Reklamacje');
    for (const n of [1, 2, 3]) await client.append('Reklamacje', mail(n, user));
    return { before, after: await uidValidity() };
  });
  expect(validity.after).not.toEqual(validity.before);

  running.push(await startService(channelEmailService, env));
  await waitFor('the new mail as a third ticket', async () => (await list()).length === 3);
  await waitFor('the resync to republish all three', () => contactsOf(workspaceId).length === 5);
  expect(await list()).toHaveLength(3);
});

it('turns a mail with a 2,500-character subject into a contact (cut, marked) and goes on; /health stays green', async () => {
  const user = `${uniqueName('box')}@firma.test`;
  const workspaceId = uniqueName('ws');
  const longSubject = `Reklamacja ${'bardzo długi temat '.repeat(130)}`.slice(0, 2500);
  await withImap(user, async (client) => {
    await client.append(
      'INBOX',
      buildRawMail({
        from: { name: 'Napastnik', address: 'dlugi@klient.pl' },
        to: user,
        subject: longSubject,
        body: 'x',
        messageId: `<long.${user}>`,
      }),
    );
    await client.append('INBOX', mail(1, user));
  });
  const service = await startService(channelEmailService, mailboxEnv(user, workspaceId));
  running.push(service);

  await waitFor('both mails as contacts', () => contactsOf(workspaceId).length === 2);
  // Two senders: two partition keys, so the two contacts may arrive in either order.
  const contacts = contactsOf(workspaceId).map((e) => e.payload as { subject: string; from: { value: string }[] });
  const long = contacts.find((c) => c.subject.startsWith('Reklamacja'))!;
  const next = contacts.find((c) => c !== long)!;
  expect([...long.subject]).toHaveLength(2000);
  expect(long.subject).toMatch(/^Reklamacja bardzo długi temat .*… \[skrócono, całość: 24\d\d znaków\]$/);
  expect(next).toMatchObject({ subject: 'Sprawa 1', from: [{ value: 'k1@klient.pl' }] });
  expect((await fetchJson(`${service.url}/health`)).status).toBe(200);
});

it('turns a mail from an internationalised address (RFC 6531, a Polish local part) into a contact, not a rejected mail', async () => {
  const user = `${uniqueName('box')}@firma.test`;
  const workspaceId = uniqueName('ws');
  // RFC 6532: the headers themselves in UTF-8, as an SMTPUTF8 server stores them.
  const raw = Buffer.from(
    [
      'From: Ewa Zielińska <ewa.zielińska@example.pl>',
      `To: ${user}`,
      'Subject: Zamówienie nr 15',
      `Message-ID: <eai.${user}>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Dzień dobry, gdzie moja paczka?',
    ].join('\r\n'),
    'utf8',
  );
  await withImap(user, (client) => client.append('INBOX', raw));
  const env = mailboxEnv(user, workspaceId);
  running.push(await startService(channelEmailService, env));

  await waitFor('the mail as a contact', () => contactsOf(workspaceId).length === 1);
  expect(contactsOf(workspaceId)[0].payload).toMatchObject({
    subject: 'Zamówienie nr 15',
    from: [{ kind: 'email', value: 'ewa.zielińska@example.pl', displayName: 'Ewa Zielińska' }],
  });
  const connection = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  const rejected = await connection.db!.collection('rejected_mails').find({ mailboxId: 'box' }).toArray();
  await connection.close();
  expect(rejected.filter((r) => r.raw.buffer.toString().includes('Zamówienie nr 15'))).toEqual([]);
});

describe('mail servers an admin names', () => {
  /** Something listening that is no mail server (like the store or the bus would be). */
  let notImap: Server;
  let notImapPort: number;

  beforeAll(async () => {
    notImap = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => notImap.listen(0, '127.0.0.1', resolve));
    notImapPort = (notImap.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => notImap.close(resolve)));

  it('shows a mailbox that cannot connect on its own state, the same for a closed and an open port, and keeps /health green', async () => {
    const workspaceId = uniqueName('ws');
    const box = (id: string, port: number) => ({
      id,
      workspaceId,
      host: infra.imap.host,
      port,
      user: `${uniqueName(id)}@firma.test`,
      password: infra.imap.password,
    });
    const env = {
      ...commonTestEnv('channel-email'),
      // Nothing listens on port 1.
      EMAIL_MAILBOXES: JSON.stringify([box('closed', 1), box('open', notImapPort), box('fine', infra.imap.port)]),
    };
    const service = await startService(channelEmailService, env);
    running.push(service);
    const store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
    const states = () => store.collection('mailbox_sync_states').find({}).toArray();
    const reported = await waitFor('all three mailboxes reported', async () => {
      const all = await states();
      return all.length === 3 && all.every((s) => s.state === (s._id === ('fine' as never) ? 'syncing' : 'failing')) ? all : null;
    });
    await store.close();
    const problemOf = (id: string) => reported.find((s) => String(s._id) === id)?.problem;
    expect(problemOf('closed')).toBe('could not connect to the mail server');
    expect(problemOf('open')).toBe(problemOf('closed'));
    // One tenant's broken mailbox is not the service's health.
    const health = await fetchJson(`${service.url}/health`);
    expect(health.status).toBe(200);
    expect(JSON.stringify(health.body)).not.toContain('imap');
  });

  it('refuses to start with a configured mailbox written as an internal address that the allow-list does not name', async () => {
    const env = {
      ...commonTestEnv('channel-email'),
      EMAIL_MAILBOXES: JSON.stringify([
        { id: 'meta', workspaceId: 'ws', host: '169.254.169.254', port: 80, user: 'x', password: 'y' },
      ]),
    };
    await expect(startService(channelEmailService, env)).rejects.toThrow(/EMAIL_MAILBOXES.*169\.254\.169\.254 is internal/);
  });
});
