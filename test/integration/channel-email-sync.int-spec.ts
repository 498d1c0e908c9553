// channel-email against a real Dovecot and Kafka: what a broken mail, a changed
// UIDVALIDITY and an unreachable server do.
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

it('reports an unreachable mail server on /health by mailbox name', async () => {
  const env = mailboxEnv(`${uniqueName('box')}@firma.test`, uniqueName('ws'), 'INBOX', 1); // nothing listens on port 1
  const service = await startService(channelEmailService, env);
  running.push(service);
  const health = await waitFor('an unhealthy report', async () => {
    const { status, body } = await fetchJson(`${service.url}/health`);
    return status === 503 ? body : null;
  });
  expect(health.checks.kafka).toBe('ok');
  expect(health.checks['imap:box']).toMatch(/ECONNREFUSED|connect/i);
});
