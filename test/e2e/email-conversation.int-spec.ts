// The e-mail channel's whole story on real servers: a customer's mail goes
// through Postfix into Dovecot, channel-email makes it ticket #N and the
// customer gets an acknowledgement; an agent's reply goes out over SMTP and
// is read back from the customer's own mailbox; the customer answers without
// the [#N] token and with a new subject, and it still lands on #N. Sending
// that fails — refused by the server, or a server that is down — ends as
// "failed" with the reason on the ticket's timeline, never silently.
import { simpleParser, type ParsedMail } from 'mailparser';
import { TOPICS, type PayloadInputOf } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  EventProbe,
  buildRawMail,
  commonTestEnv,
  consumerGroupStartingNow,
  fetchJson,
  readMailbox,
  sendOverSmtp,
  startService,
  testInfra,
  testPublisher,
  testSmtp,
  uniqueName,
  waitFor,
  type RawMailInit,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';
import { startTickets } from './started-services';

const infra = testInfra();
const smtp = testSmtp();
const workspaceId = uniqueName('ws');
const slug = uniqueName('bok');
const tag = uniqueName('m');
const support = `bok-${tag}@firma.test`;
const complaints = `reklamacje-${tag}@firma.test`;
const outage = `awaria-${tag}@firma.test`;
const customer = `zofia-${tag}@klient.test`;
const password = 'correct horse battery staple';

let tickets: RunningService;
let gateway: RunningService;
let email: RunningService;
let token: string;
const outbound = new EventProbe(infra.kafkaBrokers.split(','));

function api(path: string, init: RequestInit = {}) {
  return fetchJson(`${gateway.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
}

async function ticketWithSubject(subject: string) {
  return waitFor(`the ticket "${subject}"`, async () => {
    const { body } = await api('/api/v1/tickets?limit=100');
    return (body.items as { number: number; subject: string }[] | undefined)?.find((t) => t.subject === subject);
  });
}

async function timelineOf(number: number) {
  const { body } = await api(`/api/v1/tickets/${number}`);
  return body.timeline as {
    direction?: string;
    automatic?: boolean;
    authorId: string | null;
    subject?: string;
    text?: string;
    providerMessageId?: string;
    delivery?: { status: string; error: string | null };
  }[];
}

/** A customer's mail, as their provider hands it to our mail server: `mailbox` is the envelope recipient. */
function customerWrites(mailbox: string, mail: Omit<RawMailInit, 'date'>) {
  return sendOverSmtp({ from: mail.from.address, to: [mailbox] }, buildRawMail(mail));
}

/** The mails in the customer's mailbox, parsed, once there are at least `count`. */
async function customerMails(address: string, count: number): Promise<ParsedMail[]> {
  const raw = await waitFor(`${count} mail(s) in ${address}`, async () => {
    const mails = await readMailbox(address);
    return mails.length >= count ? mails : null;
  });
  return Promise.all(raw.map((m) => simpleParser(m)));
}

beforeAll(async () => {
  await outbound.start([TOPICS.outboundRequested.name]);
  const gatewayEnv = gatewayTestEnv();
  const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
  const workspaces = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  await workspaces.ensureWorkspace(slug, 'Sklep AGD', workspaceId);
  await workspaces.createAgent({ workspaceId, email: 'ola@firma.test', name: 'Ola', role: 'admin', password });
  await connection.close();

  tickets = await startTickets();
  gateway = await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl });
  const imap = { host: infra.imap.host, port: infra.imap.port, password: infra.imap.password };
  email = await startService(channelEmailService, {
    ...commonTestEnv('channel-email'),
    EMAIL_OUTBOUND_CONSUMER_GROUP: await consumerGroupStartingNow('email-out', [TOPICS.outboundRequested.name]),
    EMAIL_SEND_MAX_ATTEMPTS: '3',
    EMAIL_SEND_RETRY_BASE_MS: '200',
    EMAIL_OUTBOX_POLL_MS: '100',
    EMAIL_SEND_TIMEOUT_MS: '5000',
    EMAIL_MAILBOXES: JSON.stringify([
      {
        id: 'bok',
        workspaceId,
        name: 'Biuro Obsługi Klienta',
        ...imap,
        user: support,
        addresses: [complaints],
        smtp: { host: smtp.host, port: smtp.port, secure: false },
      },
      {
        // Its mail server is down: nothing listens on port 1.
        id: 'awaria',
        workspaceId,
        ...imap,
        user: outage,
        smtp: { host: '127.0.0.1', port: 1, secure: false },
      },
    ]),
  });
  const session = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: slug, email: 'ola@firma.test', password }),
  });
  expect(session.status).toBe(200);
  token = session.body.accessToken;
});

afterAll(async () => {
  await outbound.stop();
  await email?.close();
  await gateway?.close();
  await tickets?.close();
});

it('customer writes → ticket #N and an acknowledgement → agent replies → customer answers without the token → same ticket', async () => {
  // 1. The customer writes to reklamacje@, an alias the mail server delivers into the support mailbox
  //    (so the envelope names the mailbox), in ISO-8859-2.
  const subject = 'Reklamacja: pralka nie wiruje, źle działa wirówka';
  await customerWrites(support, {
    from: { name: 'Zofia Wójcik', address: customer },
    to: complaints,
    subject,
    body: 'Dzień dobry, pralka po tygodniu przestała wirować. Proszę o pomoc.',
    messageId: `<first.${tag}@klient.test>`,
  });
  const ticket = await ticketWithSubject(subject);

  // 2. The acknowledgement reaches the customer's mailbox: in Polish, with the number and the token, answering her mail.
  const [ack] = await customerMails(customer, 1);
  expect(ack.subject).toBe(`Otrzymaliśmy Twoje zgłoszenie [#${ticket.number}]: ${subject}`);
  expect(ack.text).toContain(`zgłoszenie nr ${ticket.number}`);
  expect(ack.from?.value[0]).toMatchObject({ address: complaints, name: 'Biuro Obsługi Klienta' });
  expect(ack.inReplyTo).toBe(`<first.${tag}@klient.test>`);
  expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
  await waitFor('the acknowledgement marked sent', async () =>
    (await timelineOf(ticket.number)).some((e) => e.automatic && e.delivery?.status === 'sent'),
  );

  // 3. The agent replies through the API; the mail is read back from the customer's mailbox.
  const reply = await api(`/api/v1/tickets/${ticket.number}/replies`, {
    method: 'POST',
    headers: { 'idempotency-key': uniqueName('reply') },
    body: JSON.stringify({
      text: 'Dzień dobry Pani Zofio, przyjęliśmy reklamację. Serwisant zadzwoni jutro — zażółć gęślą jaźń.',
    }),
  });
  expect(reply.status).toBe(201);
  const mails = await customerMails(customer, 2);
  const answer = mails[1];
  expect(answer.subject).toBe(`Re: ${subject} [#${ticket.number}]`);
  expect(answer.text?.trim()).toBe(
    'Dzień dobry Pani Zofio, przyjęliśmy reklamację. Serwisant zadzwoni jutro — zażółć gęślą jaźń.',
  );
  expect(answer.from?.value[0].address).toBe(complaints);
  expect(answer.inReplyTo).toBe(`<first.${tag}@klient.test>`);
  expect(answer.references).toContain(`<first.${tag}@klient.test>`);
  expect(answer.messageId).toMatch(/^<tl\.[0-9a-f]{32}@firma\.test>$/);
  expect(answer.headers.get('auto-submitted')).toBeUndefined();
  await waitFor('the reply marked sent', async () =>
    (await timelineOf(ticket.number)).some((e) => e.direction === 'outbound' && !e.automatic && e.delivery?.status === 'sent'),
  );

  // The same request delivered again (a redelivery after a crash upstream): recognised, not sent twice.
  const request = await outbound.waitForEvent(
    'the reply request',
    (e) => e.workspaceId === workspaceId && (e.payload as { kind: string }).kind === 'reply',
  );
  const again = testPublisher('tickets');
  await again.connect();
  await again.publish('outbound.requested.v1', {
    workspaceId,
    key: request.key,
    payload: request.payload as PayloadInputOf<'outbound.requested.v1'>,
  });
  await again.disconnect();
  await waitFor('the redelivered request seen as a duplicate', async () =>
    /threadline_events_consumed_total\{topic="outbound\.requested\.v1",outcome="duplicate"[^}]*\} [1-9]/.test(
      await (await fetch(`${email.url}/metrics`)).text(),
    ),
  );
  expect(await readMailbox(customer)).toHaveLength(2);

  // 4. The customer answers: new subject, no token, no quote — only the threading headers point back.
  await customerWrites(support, {
    from: { name: 'Zofia Wójcik', address: customer },
    to: complaints,
    subject: 'Termin wizyty serwisanta',
    body: 'Dziękuję, jutro po 15:00 będę w domu.',
    messageId: `<second.${tag}@klient.test>`,
    inReplyTo: answer.messageId!,
    references: [`<first.${tag}@klient.test>`, answer.messageId!],
  });
  await waitFor('the answer on the same ticket', async () =>
    (await timelineOf(ticket.number)).some((e) => e.providerMessageId === `<second.${tag}@klient.test>`),
  );
  const { body: list } = await api('/api/v1/tickets?limit=100');
  expect((list.items as { subject: string }[]).filter((t) => t.subject === 'Termin wizyty serwisanta')).toHaveLength(0);
  // A follow-up on an existing ticket is not acknowledged again.
  await new Promise((r) => setTimeout(r, 1500));
  expect(await readMailbox(customer)).toHaveLength(2);
  const timeline = await timelineOf(ticket.number);
  expect(timeline.filter((e) => e.direction === 'inbound')).toHaveLength(2);
  expect(timeline.filter((e) => e.automatic)).toHaveLength(1);
});

it('a recipient the mail server refuses: the acknowledgement fails at once with the server’s reason', async () => {
  const refused = `jan-${tag}@rejected.threadline.test`;
  const subject = 'Faktura korygująca';
  await customerWrites(support, {
    from: { name: 'Jan Kowalski', address: refused },
    to: support,
    subject,
    body: 'Proszę o fakturę korygującą.',
    messageId: `<refused.${tag}@rejected.threadline.test>`,
  });
  const ticket = await ticketWithSubject(subject);
  const ack = await waitFor('the acknowledgement failed', async () =>
    (await timelineOf(ticket.number)).find((e) => e.automatic && e.delivery?.status === 'failed'),
  );
  expect(ack.delivery?.error).toMatch(/^rejected by the mail server: 550 5\.1\.1/);
});

it('a mail server that is down: retried with backoff, then failed on the timeline with the reason', async () => {
  const subject = 'Awaria bramki płatności';
  const payer = `piotr-${tag}@klient.test`;
  await customerWrites(outage, {
    from: { name: 'Piotr Nowak', address: payer },
    to: outage,
    subject,
    body: 'Płatność nie przechodzi.',
    messageId: `<outage.${tag}@klient.test>`,
  });
  const ticket = await ticketWithSubject(subject);
  const ack = await waitFor(
    'the acknowledgement failed after its retries',
    async () => (await timelineOf(ticket.number)).find((e) => e.automatic && e.delivery?.status === 'failed'),
    { timeoutMs: 30_000 },
  );
  // The reason does not say whether anything listens on the port (an admin could otherwise scan with mailboxes).
  expect(ack.delivery?.error).toBe('gave up after 3 attempts: could not connect to the mail server');
  const metrics = await (await fetch(`${email.url}/metrics`)).text();
  expect(metrics).toMatch(/threadline_provider_calls_total\{provider="smtp:127\.0\.0\.1:1",outcome="failed"[^}]*\} 3/);
});
