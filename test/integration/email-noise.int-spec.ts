// Noise in a real mailbox: auto-replies and our own mail never open tickets;
// a bounce of an agent's reply marks that reply failed on its ticket.
import { TOPICS } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  buildRawMail,
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  startService,
  testInfra,
  testSmtp,
  uniqueName,
  waitFor,
  type InternalCall,
  type Json,
  type RunningService,
  appendToMailbox,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const infra = testInfra();
const running: RunningService[] = [];
afterAll(() => Promise.all(running.map((s) => s.close())));

it('keeps auto-replies and our own mail out of tickets, and puts a bounce on the reply it concerns', async () => {
  const ws = uniqueName('ws');
  const mailbox = `${uniqueName('bok')}@firma.test`;
  const emailEnv = {
    ...commonTestEnv('channel-email'),
    EMAIL_POLL_INTERVAL_MS: '1000',
    EMAIL_MAILBOXES: JSON.stringify([
      {
        id: 'bok',
        workspaceId: ws,
        host: infra.imap.host,
        port: infra.imap.port,
        user: mailbox,
        password: infra.imap.password,
        // The reply goes out for real, so that the bounce below concerns a mail that was sent.
        smtp: { ...testSmtp(), secure: false },
      },
    ]),
  };
  const tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  });
  running.push(tickets, await startService(channelEmailService, emailEnv));
  const api = (path: string, call?: InternalCall) => tickets.internalApi(ws, { id: 'agent-1', role: 'agent' }).fetch(path, call);

  await appendToMailbox(mailbox, [
    buildRawMail({
      from: { name: 'Zofia Wójcik', address: 'zofia@klient.pl' },
      to: mailbox,
      subject: 'Zwrot towaru',
      body: 'Chcę zwrócić buty.',
      messageId: '<zwrot-1@klient.pl>',
    }),
  ]);
  await waitFor('ticket #1', async () => (await api('/tickets/1')).status === 200);
  const reply = await api('/tickets/1/replies', { method: 'POST', body: { text: 'Prosimy odesłać buty na nasz adres.' } });
  const replyId = reply.body.message.id as string;

  await appendToMailbox(mailbox, [
    `From: Zofia Wójcik <zofia@klient.pl>\nTo: ${mailbox}\nSubject: Odpowiedź automatyczna: Zwrot towaru\nAuto-Submitted: auto-replied\nMessage-ID: <oof-1@klient.pl>\n\nJestem na urlopie do poniedziałku.`,
    `From: BOK <${mailbox}>\nTo: zofia@klient.pl\nSubject: Re: Zwrot towaru [#1]\nMessage-ID: <loop-1@firma.test>\n\nTo nasza własna wiadomość.`,
    [
      'From: Mail Delivery System <MAILER-DAEMON@firma.test>',
      `To: ${mailbox}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@firma.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; firma.test',
      '',
      'Final-Recipient: rfc822; zofia@klient.pl',
      'Action: failed',
      'Status: 5.2.2',
      'Diagnostic-Code: smtp; 552 5.2.2 mailbox full',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <tl.${replyId}@firma.test>`,
      '--B--',
      '',
    ].join('\n'),
  ]);

  const failed: Json = await waitFor('the reply marked failed', async () => {
    const { body } = await api('/tickets/1');
    const outbound = body.timeline.find((e: Json) => e.id === replyId);
    return outbound?.delivery?.status === 'failed' ? outbound : null;
  });
  expect(failed.delivery.error).toBe('smtp; 552 5.2.2 mailbox full');

  const store = await connectMongo(emailEnv.MONGO_URL, emailEnv.MONGO_DATABASE);
  try {
    const kept = await waitFor('three mails kept with reasons', async () => {
      const docs = await store.collection('rejected_mails').find({}).toArray();
      return docs.length === 3 ? docs.map((d) => String(d.reason)).sort() : null;
    });
    expect(kept).toEqual([
      expect.stringMatching(/^bounce: zofia@klient.pl/),
      expect.stringMatching(/^ignored: Auto-Submitted: auto-replied/),
      expect.stringMatching(/^ignored: sent from our own address/),
    ]);
  } finally {
    await store.close();
  }
  const { body: list } = await api('/tickets');
  expect(list.items).toHaveLength(1);
  const { body: detail } = await api('/tickets/1');
  expect(detail.timeline.filter((e: Json) => e.direction === 'inbound')).toHaveLength(1);

  // The customer answers our reply from another client: new subject, no [#1], our Message-ID quoted, history below.
  await appendToMailbox(mailbox, [
    [
      'From: Zofia Wójcik <zofia@klient.pl>',
      `To: ${mailbox}`,
      'Subject: paczka',
      'Message-ID: <zwrot-2@klient.pl>',
      `In-Reply-To: <tl.${replyId}@firma.test>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Odesłałam dziś, numer przesyłki 123.',
      '',
      `W dniu 20.11.2026 o 10:00, BOK <${mailbox}> napisał(a):`,
      '> Prosimy odesłać buty na nasz adres.',
      '',
    ].join('\n'),
  ]);
  const answered: Json = await waitFor('the answer on ticket #1', async () => {
    const { body } = await api('/tickets/1');
    return body.timeline.filter((e: Json) => e.direction === 'inbound').length === 2 ? body : null;
  });
  expect(answered.timeline.filter((e: Json) => e.direction === 'inbound').at(-1)).toMatchObject({
    subject: 'paczka',
    newText: 'Odesłałam dziś, numer przesyłki 123.',
    text: expect.stringContaining('> Prosimy odesłać buty'),
  });
  expect((await api('/tickets')).body.items).toHaveLength(1);
});

it('stops a mail storm from one sender at the limit, keeping the rest', async () => {
  const ws = uniqueName('ws');
  const mailbox = `${uniqueName('bok')}@firma.test`;
  const env = {
    ...commonTestEnv('channel-email'),
    EMAIL_SENDER_MAX_PER_WINDOW: '5',
    EMAIL_MAILBOXES: JSON.stringify([
      { id: 'bok', workspaceId: ws, host: infra.imap.host, port: infra.imap.port, user: mailbox, password: infra.imap.password },
    ]),
  };
  const storm = Array.from({ length: 12 }, (_, i) =>
    buildRawMail({
      from: { name: 'Skrypt', address: 'petla@klient.pl' },
      to: mailbox,
      subject: `Alert ${i}`,
      body: 'awaria',
      messageId: `<storm-${i}@klient.pl>`,
    }),
  );
  const other = buildRawMail({
    from: { name: 'Anna', address: 'anna@klient.pl' },
    to: mailbox,
    subject: 'Pytanie',
    body: 'Dzień dobry',
    messageId: '<anna-1@klient.pl>',
  });
  await appendToMailbox(mailbox, [...storm, other]);
  running.push(await startService(channelEmailService, env));

  const store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  try {
    const kept = await waitFor('7 storm mails kept, not ingested', async () => {
      const docs = await store.collection('rejected_mails').find({}).toArray();
      return docs.length === 7 ? docs : null;
    });
    expect(kept.every((d) => /petla@klient.pl exceeded the per-sender mail limit/.test(String(d.reason)))).toBe(true);
    // 5 from the storm and Anna's: six admitted.
    const counted = await waitFor('six admitted', async () =>
      (await store.collection('sender_mail_occurrences').countDocuments({})) === 6 ? true : null,
    );
    expect(counted).toBe(true);
  } finally {
    await store.close();
  }
});

it('turns broken and hostile mail into what can be recovered, and the sync goes on', async () => {
  const ws = uniqueName('ws');
  const mailbox = `${uniqueName('bok')}@firma.test`;
  const env = {
    ...commonTestEnv('channel-email'),
    EMAIL_MAILBOXES: JSON.stringify([
      { id: 'bok', workspaceId: ws, host: infra.imap.host, port: infra.imap.port, user: mailbox, password: infra.imap.password },
    ]),
  };
  const head = (from: string, subject: string, id: string) =>
    `From: ${from}\nTo: ${mailbox}\nSubject: ${subject}\nMessage-ID: <${id}@klient.pl>\nMIME-Version: 1.0`;
  const big = Buffer.alloc(30 * 1024 * 1024, 'A')
    .toString('base64')
    .replace(/.{76}/g, '$&\n');
  await appendToMailbox(mailbox, [
    // A multipart whose boundary never closes and whose part headers are garbage.
    `${head('a@klient.pl', 'Zepsuty MIME', 'broken')}\nContent-Type: multipart/mixed; boundary="X"\n\n--X\nContent-Type: text/plain; charset=utf-8\n\nTreść przed końcem świata\n--X\nContent-Type: ???\n\n`,
    // 30 MB attachment: recorded, bytes not stored.
    `${head('b@klient.pl', 'Duży załącznik', 'big')}\nContent-Type: multipart/mixed; boundary="Y"\n\n--Y\nContent-Type: text/plain; charset=utf-8\n\nW załączniku skan.\n--Y\nContent-Type: application/pdf; name="skan.pdf"\nContent-Disposition: attachment; filename="skan.pdf"\nContent-Transfer-Encoding: base64\n\n${big}\n--Y--\n`,
    // Thousands of headers.
    `${head('c@klient.pl', 'Dużo nagłówków', 'headers')}\n${Array.from({ length: 3000 }, (_, i) => `X-Trace-${i}: ${i}`).join('\n')}\nContent-Type: text/plain; charset=utf-8\n\nKrótka treść`,
    // A charset nobody knows.
    `${head('d@klient.pl', 'Nieznane kodowanie', 'charset')}\nContent-Type: text/plain; charset=x-klingon-42\n\nZwykly tekst ASCII`,
    // And a normal mail after all of them.
    `${head('e@klient.pl', 'Zwykła wiadomość', 'normal')}\nContent-Type: text/plain; charset=utf-8\n\nDzień dobry`,
  ]);
  const probe = new EventProbe(infra.kafkaBrokers.split(','));
  await probe.start([TOPICS.contactReceived.name]);
  try {
    running.push(await startService(channelEmailService, env));
    const contacts = await waitFor(
      'five contacts',
      () => {
        const mine = probe.events().filter((e) => e.type === 'contact.received.v1' && e.workspaceId === ws);
        return mine.length === 5 ? mine.map((e) => e.payload as Json) : null;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const bySubject = Object.fromEntries(contacts.map((c) => [c.subject, c]));
    expect(bySubject['Zepsuty MIME'].text).toContain('Treść przed końcem świata');
    expect(bySubject['Duży załącznik'].attachments).toEqual([
      expect.objectContaining({ ref: 'omitted:too-large', filename: 'skan.pdf', contentType: 'application/pdf' }),
    ]);
    expect(bySubject['Duży załącznik'].attachments[0].size).toBeGreaterThan(30_000_000);
    expect(bySubject['Dużo nagłówków'].text).toContain('Krótka treść');
    expect(bySubject['Nieznane kodowanie'].text).toContain('Zwykly tekst ASCII');
    expect(bySubject['Zwykła wiadomość'].text).toContain('Dzień dobry');
  } finally {
    await probe.stop();
  }
}, 180_000);
