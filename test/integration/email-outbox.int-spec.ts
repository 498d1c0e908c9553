// The e-mail outbox with two channel-email instances on one store and one
// consumer group: every requested mail reaches the customer exactly once and
// is announced once as sent — claims are unique inserts, which FerretDB makes
// atomically — and mail that arrives while the SMTP server cannot be reached
// is not lost: it goes out once the server is back (a restart in between).
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { TOPICS, type PayloadInputOf } from '@threadline/contracts';
import {
  EventProbe,
  commonTestEnv,
  consumerGroupStartingNow,
  readMailbox,
  startService,
  testInfra,
  testPublisher,
  testSmtp,
  uniqueName,
  waitFor,
  type RunningService,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';

const infra = testInfra();
const running: RunningService[] = [];
const probe = new EventProbe(infra.kafkaBrokers.split(','));
const publisher = testPublisher('tickets');

afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  await probe.stop();
  await publisher.disconnect();
});

beforeAll(async () => {
  await probe.start([TOPICS.deliveryStatus.name]);
  await publisher.connect();
});

function request(workspaceId: string, to: string, n: number): PayloadInputOf<'outbound.requested.v1'> {
  return {
    ticketId: `t-${n}`,
    number: n,
    messageId: randomUUID().replace(/-/g, ''),
    channel: 'email',
    to: { kind: 'email', value: to },
    subject: `Odpowiedź [#${n}]`,
    text: `Dzień dobry, odpowiedź numer ${n}. Zażółć gęślą jaźń.`,
    inReplyTo: null,
    references: [],
    providerThreadId: null,
    authorId: 'agent-1',
    requestedAt: new Date().toISOString(),
  };
}

function emailEnv(workspaceId: string, support: string, group: string, smtpPort: number, database?: string) {
  const env = commonTestEnv('channel-email');
  return {
    ...env,
    ...(database ? { MONGO_DATABASE: database } : {}),
    EMAIL_OUTBOUND_CONSUMER_GROUP: group,
    EMAIL_SEND_RETRY_BASE_MS: '200',
    EMAIL_SEND_RETRY_MAX_MS: '500',
    EMAIL_SEND_MAX_ATTEMPTS: '50',
    EMAIL_OUTBOX_POLL_MS: '100',
    EMAIL_SEND_TIMEOUT_MS: '3000',
    EMAIL_MAILBOXES: JSON.stringify([
      {
        id: 'bok',
        workspaceId,
        host: infra.imap.host,
        port: infra.imap.port,
        user: support,
        password: infra.imap.password,
        smtp: { host: testSmtp().host, port: smtpPort, secure: false },
      },
    ]),
  };
}

it('two instances send each of 20 mails exactly once', async () => {
  const workspaceId = uniqueName('ws');
  const customer = `${uniqueName('klient')}@klient.test`;
  const group = await consumerGroupStartingNow('email-out', [TOPICS.outboundRequested.name]);
  const first = emailEnv(workspaceId, `${uniqueName('bok')}@firma.test`, group, testSmtp().port);
  // Two instances of one deployment: the same store and the same consumer group.
  running.push(await startService(channelEmailService, first), await startService(channelEmailService, first));

  const requests = Array.from({ length: 20 }, (_, n) => request(workspaceId, customer, n + 1));
  for (const payload of requests)
    await publisher.publish('outbound.requested.v1', { workspaceId, key: payload.ticketId, payload });

  const sent = await waitFor(
    'all 20 announced as sent',
    () => {
      const news = probe
        .events()
        .filter((e) => e.type === 'delivery.updated.v1' && e.workspaceId === workspaceId)
        .map((e) => e.payload as { messageId: string; status: string });
      return news.filter((n) => n.status === 'sent').length >= 20 ? news : null;
    },
    { timeoutMs: 60_000 },
  );
  const mails = await Promise.all((await readMailbox(customer)).map((raw) => simpleParser(raw)));
  expect(mails).toHaveLength(20);
  expect(new Set(mails.map((m) => m.subject))).toEqual(new Set(requests.map((r) => r.subject)));
  expect(mails[0].text?.trim()).toMatch(/Zażółć gęślą jaźń\.$/);
  expect(new Set(sent.map((n) => n.messageId)).size).toBe(20);
  expect(sent.filter((n) => n.status === 'failed')).toHaveLength(0);
});

it('keeps mail requested while the SMTP server is unreachable, and sends it after a restart once it is back', async () => {
  const workspaceId = uniqueName('ws');
  const customer = `${uniqueName('klient')}@klient.test`;
  const support = `${uniqueName('bok')}@firma.test`;
  const group = await consumerGroupStartingNow('email-out', [TOPICS.outboundRequested.name]);
  // First the mailbox's SMTP settings name a port where nothing listens: every attempt fails.
  const down = emailEnv(workspaceId, support, group, 1);
  const instance = await startService(channelEmailService, down);
  const payload = request(workspaceId, customer, 1);
  await publisher.publish('outbound.requested.v1', { workspaceId, key: payload.ticketId, payload });
  await waitFor('a few failed attempts', async () =>
    /threadline_provider_calls_total\{provider="smtp:127\.0\.0\.1:1",outcome="failed"[^}]*\} [2-9]/.test(
      await (await fetch(`${instance.url}/metrics`)).text(),
    ),
  );
  await instance.close();
  expect(await readMailbox(customer)).toHaveLength(0);

  // The admin fixes the setting; the instance that starts with it finds the mail still waiting.
  running.push(
    await startService(channelEmailService, emailEnv(workspaceId, support, group, testSmtp().port, down.MONGO_DATABASE)),
  );
  const news = await waitFor(
    'the mail announced as sent',
    () =>
      probe
        .events()
        .find(
          (e) =>
            e.type === 'delivery.updated.v1' &&
            (e.payload as { messageId: string }).messageId === payload.messageId &&
            (e.payload as { status: string }).status === 'sent',
        ),
    { timeoutMs: 30_000 },
  );
  expect(news.workspaceId).toBe(workspaceId);
  expect(await readMailbox(customer)).toHaveLength(1);
});
