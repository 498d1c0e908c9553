// The console's customer side in a real browser (Debian's Chromium): a customer's
// mail with an attachment travels SMTP → IMAP → channel-email → tickets and the agent
// downloads the file from the ticket screen, byte for byte, with its Polish name; the
// customer panel lists every identity and every ticket across channels; a supervisor
// merges two records of one customer and a duplicate ticket; a phone call shows its
// summary and recording link; an agent sees no merge controls.
// Real: Chromium, the built console, Postfix/Dovecot stand-ins of the test infra, Kafka,
// the store, channel-email, tickets and the gateway.
import { readFile } from 'node:fs/promises';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Browser, Page } from 'playwright-core';
import { TOPICS } from '@threadline/contracts';
import {
  buildContact,
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  sendOverSmtp,
  startService,
  testInfra,
  testPublisher,
  uniqueName,
  waitFor,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { reportingService } from '../../services/reporting/src/app.module';
import { launchChromium, openConsoleAs, seriousAccessibilityProblems } from './console-browser';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';
import { startTickets } from './started-services';

const infra = testInfra();
const workspace = newWorkspace('klienci');
const agents = {
  ola: { workspace, email: 'ola@sklep.test', role: 'agent' },
  kierownik: { workspace, email: 'kierownik@sklep.test', role: 'supervisor' },
  szef: { workspace, email: 'szef@sklep.test', role: 'admin' },
} satisfies Record<string, TestAgent>;
const support = `bok-${uniqueName('m')}@firma.test`;
const publisher = testPublisher('test');

let tickets: RunningService;
let gateway: RunningService;
let email: RunningService;
let reporting: RunningService;
let browser: Browser;
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));
  tickets = await startTickets();
  email = await startService(channelEmailService, {
    ...commonTestEnv('channel-email'),
    EMAIL_OUTBOUND_CONSUMER_GROUP: await consumerGroupStartingNow('email-out', [TOPICS.outboundRequested.name]),
    EMAIL_MAILBOXES: JSON.stringify([
      {
        id: 'bok',
        workspaceId: workspace.id,
        host: infra.imap.host,
        port: infra.imap.port,
        password: infra.imap.password,
        user: support,
      },
    ]),
  });
  reporting = await startService(reportingService, {
    ...commonTestEnv('reporting'),
    REPORTING_CONSUMER_GROUP: await consumerGroupStartingNow('reporting', [
      TOPICS.contactReceived.name,
      TOPICS.ticketEvents.name,
    ]),
  });
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    CHANNEL_EMAIL_URL: email.internalUrl,
    REPORTING_URL: reporting.internalUrl,
  });
  await publisher.connect();
  browser = await launchChromium();
  call = await logIn(gateway.url, agents);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await publisher.disconnect();
  await gateway?.close();
  await reporting?.close();
  await email?.close();
  await tickets?.close();
});

const consoleAs = (who: keyof typeof agents): Promise<Page> => openConsoleAs(browser, gateway.url, agents[who]);

function publish(contact: ReturnType<typeof buildContact>) {
  return publisher.publish('contact.received.v1', { workspaceId: workspace.id, key: contact.from[0].value, payload: contact });
}

async function ticketNumberOf(query: string): Promise<number> {
  return waitFor(`the ticket "${query}"`, async () => {
    const list = await call('kierownik', 'GET', `/api/v1/tickets?q=${encodeURIComponent(query)}`);
    return list.body.items?.[0]?.number as number | undefined;
  });
}

it('downloads the attachment of a customer’s mail, byte for byte and with its Polish name', async () => {
  const invoice = Buffer.from('%PDF-1.4\nfaktura korygująca nr 7/2026 — zażółć gęślą jaźń\n%%EOF\n', 'utf8');
  const mail = await new MailComposer({
    from: { name: 'Żaneta Gęś', address: 'zaneta.ges@klient.test' },
    to: support,
    subject: 'Korekta faktury listopadowej',
    text: 'Dzień dobry, w załączniku faktura do korekty.',
    attachments: [{ filename: 'faktura-żółta.pdf', content: invoice, contentType: 'application/pdf' }],
  })
    .compile()
    .build();
  await sendOverSmtp({ from: 'zaneta.ges@klient.test', to: [support] }, mail);
  const number = await ticketNumberOf('Korekta faktury listopadowej');

  const page = await consoleAs('ola');
  await page.goto(`${gateway.url}/tickets/${number}`);
  await page.getByText('w załączniku faktura do korekty').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Pobierz faktura-żółta.pdf' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('faktura-żółta.pdf');
  expect(await readFile((await download.path())!)).toEqual(invoice);

  // Another workspace's agent, or a made-up reference, gets nothing.
  const made = await call('ola', 'GET', `/api/v1/attachments/attachment:${'0'.repeat(64)}`);
  expect([made.status, made.body.code]).toEqual([404, 'ATTACHMENT_NOT_FOUND']);
  expect((await call('ola', 'GET', '/api/v1/attachments/..%2F..%2Fetc')).status).toBe(400);
  await page.context().close();
});

it('shows the customer with every identity and every ticket, and a supervisor merges two records of one person', async () => {
  const phone = `+4860${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  const address = `${uniqueName('marek')}@poczta.test`;
  await publish(
    buildEmailContact({
      from: [{ kind: 'email', value: address }],
      subject: 'Gwarancja na lodówkę',
      text: 'Lodówka nie chłodzi.',
    }),
  );
  await publish(buildContact('sms', [{ kind: 'phone', value: phone }], { text: 'Czy technik przyjedzie w piątek? Marek' }));
  const mailTicket = await ticketNumberOf('Gwarancja na lodówkę');
  const smsTicket = await ticketNumberOf(phone);

  // Ola, an agent: the customer panel, but no merging.
  const agent = await consoleAs('ola');
  await agent.goto(`${gateway.url}/tickets/${mailTicket}`);
  const panel = agent.getByRole('region', { name: 'Klient' });
  await panel.getByText(address).waitFor();
  expect(await agent.getByRole('heading', { name: 'Połącz' }).count()).toBe(0);
  await agent.context().close();

  // The supervisor says the SMS sender is the same Marek.
  const page = await consoleAs('kierownik');
  await page.goto(`${gateway.url}/tickets/${mailTicket}`);
  await page.getByRole('region', { name: 'Klient' }).getByText(address).waitFor();
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.getByLabel('Co połączyć').selectOption('customer');
  await page.getByLabel('Numer drugiego zgłoszenia').fill(String(smsTicket));
  await page.getByRole('button', { name: 'Dalej' }).click();
  const dialog = page.getByRole('dialog', { name: 'Połączyć klientów?' });
  expect(await dialog.textContent()).toContain(phone);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Połącz' }).click();
  await page.getByText('Klienci połączeni.').waitFor();

  // One customer now: both identities, both tickets, each a link across channels.
  const merged = page.getByRole('region', { name: 'Klient' });
  await merged.getByText(phone).waitFor();
  await merged.getByText(address).waitFor();
  await merged.getByText(/Wszystkie zgłoszenia klienta \(2\)/).waitFor();
  await merged.getByRole('link', { name: new RegExp(`#${smsTicket}`) }).click();
  await page.getByText('Czy technik przyjedzie w piątek? Marek').waitFor();
  await page.context().close();
});

it('merges a duplicate ticket into the one that stays, and shows where it went', async () => {
  const address = `${uniqueName('halina')}@poczta.test`;
  await publish(
    buildEmailContact({
      from: [{ kind: 'email', value: address }],
      subject: 'Zwrot pieniędzy za pralkę',
      text: 'Proszę o zwrot.',
    }),
  );
  const kept = await ticketNumberOf('Zwrot pieniędzy za pralkę');
  // The same matter again from another address of hers: a ticket of its own.
  await publish(
    buildEmailContact({
      from: [{ kind: 'email', value: `biuro-${address}` }],
      subject: 'Ponownie: zwrot za pralkę',
      text: 'Piszę drugi raz w sprawie zwrotu.',
    }),
  );
  const duplicate = await ticketNumberOf('Ponownie: zwrot za pralkę');

  const page = await consoleAs('kierownik');
  await page.goto(`${gateway.url}/tickets/${duplicate}`);
  await page.getByLabel('Numer drugiego zgłoszenia').fill(String(kept));
  await page.getByRole('button', { name: 'Dalej' }).click();
  const dialog = page.getByRole('dialog', { name: 'Połączyć zgłoszenia?' });
  expect(await dialog.textContent()).toContain('Zwrot pieniędzy za pralkę');
  await dialog.getByRole('button', { name: 'Połącz' }).click();
  await page.getByRole('heading', { name: new RegExp(`Zgłoszenie #${kept}: Zwrot pieniędzy za pralkę`) }).waitFor();

  const gone = await call('kierownik', 'GET', `/api/v1/tickets/${duplicate}`);
  expect([gone.body.status, gone.body.mergedInto?.number]).toEqual(['closed', kept]);
  await page.goto(`${gateway.url}/tickets/${duplicate}`);
  await page
    .getByRole('note')
    .getByRole('link', { name: `#${kept}` })
    .waitFor();
  await page.context().close();
});

it('shows a phone call with its summary and the link to its recording', async () => {
  const caller = `+4822${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  const recording = 'https://api.twilio.com/2010-04-01/Accounts/AC00/Recordings/RE0123456789abcdef0123456789abcdef';
  await publish(
    buildContact('voice', [{ kind: 'phone', value: caller }], {
      text: 'Połączenie: wiadomość głosowa poza godzinami pracy, nagranie 0:42',
      attachments: [{ ref: recording, filename: 'RE0123.wav', contentType: 'audio/wav', size: 0, inline: false }],
      call: {
        outcome: 'voicemail',
        queue: null,
        waitSeconds: null,
        talkSeconds: null,
        durationSeconds: 50,
        recordingUrl: recording,
        recordingSeconds: 42,
      },
    }),
  );
  const number = await ticketNumberOf(caller);
  const page = await consoleAs('ola');
  await page.goto(`${gateway.url}/tickets/${number}`);
  const callEntry = page.locator('article.call');
  await callEntry.getByText('wiadomość głosowa poza godzinami pracy, nagranie 0:42').waitFor();
  expect(await callEntry.locator('header').textContent()).toContain('Połączenie przychodzące');
  expect(await callEntry.getByRole('link', { name: 'Nagranie rozmowy' }).getAttribute('href')).toBe(recording);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.context().close();
});

it('notifies the agent of a mention and an assignment while the console is open, and the keys do the common moves', async () => {
  const address = `${uniqueName('tomasz')}@poczta.test`;
  await publish(
    buildEmailContact({ from: [{ kind: 'email', value: address }], subject: 'Brak faktury VAT', text: 'Nie dostałem faktury.' }),
  );
  const number = await ticketNumberOf('Brak faktury VAT');
  const page = await consoleAs('ola');
  await page.getByRole('button', { name: 'Powiadomienia (0)' }).waitFor();
  await page.getByText('Na żywo').waitFor();

  const me = await call('ola', 'GET', '/api/v1/me');
  expect(
    (await call('kierownik', 'POST', `/api/v1/tickets/${number}/notes`, { text: 'Proszę @ola o sprawdzenie.' })).status,
  ).toBe(201);
  expect((await call('kierownik', 'PATCH', `/api/v1/tickets/${number}`, { assigneeId: me.body.id })).status).toBe(200);

  await page.getByRole('button', { name: 'Powiadomienia (2)' }).click();
  await page.getByRole('link', { name: `Przypisano Ci zgłoszenie #${number}` }).waitFor();
  await page.getByRole('link', { name: `Wspomniano Cię w notatce w zgłoszeniu #${number}` }).click();
  await page.getByRole('heading', { name: new RegExp(`Zgłoszenie #${number}`) }).waitFor();
  await page.getByRole('button', { name: 'Powiadomienia (1)' }).waitFor();

  // n: a note, typed and sent from the keyboard alone.
  await page.locator('body').press('n');
  await page.keyboard.type('Sprawdzone, faktura wysłana ponownie.');
  await page.keyboard.press('Control+Enter');
  await page.locator('article.note', { hasText: 'faktura wysłana ponownie' }).waitFor();
  // Esc leaves the text field; ?: the help lists the keys.
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.getByRole('heading', { name: 'Pomoc: skróty klawiszowe' }).waitFor();
  expect(await page.getByRole('row', { name: /Ctrl\+Enter/ }).textContent()).toContain('wyślij');
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.context().close();
});

it('gives the supervisor the wall-board and the admin the settings the API has, each only to them', async () => {
  const supervisor = await consoleAs('kierownik');
  expect(await supervisor.getByRole('link', { name: 'Ustawienia' }).count()).toBe(0);
  await supervisor.getByRole('link', { name: 'Tablica' }).click();
  await supervisor.getByRole('heading', { name: 'Tablica na żywo' }).waitFor();
  // Every ticket of this file's customers but the merged one and Ola's is still nobody's.
  const unassigned = supervisor.locator('[data-figure="unassigned"]');
  await unassigned.waitFor();
  expect(Number(await unassigned.textContent())).toBeGreaterThanOrEqual(1);
  await supervisor.getByText('Telefon nie jest włączony na tej platformie albo teraz nie odpowiada.').waitFor();
  expect(await seriousAccessibilityProblems(supervisor)).toEqual([]);
  await supervisor.goto(`${gateway.url}/admin/mailboxes`);
  await supervisor.getByRole('heading', { name: 'Brak dostępu' }).waitFor();
  await supervisor.context().close();

  // A mailbox the admin connected through the API (its server not reachable from here: it is only listed).
  const login = `reklamacje-${uniqueName('m')}@sklep.test`;
  const mailbox = { name: 'Reklamacje', host: 'imap.sklep.test', port: 993, secure: true, user: login, password: 'hasło-żółw' };
  expect((await call('szef', 'POST', '/api/v1/mailboxes', mailbox)).status).toBe(201);
  const admin = await consoleAs('szef');
  await admin.getByRole('link', { name: 'Ustawienia' }).click();
  await admin.getByRole('link', { name: 'Skrzynki pocztowe' }).click();
  await admin.getByRole('cell', { name: login }).waitFor();
  expect(await admin.getByRole('cell', { name: 'Reklamacje', exact: true }).count()).toBe(1);
  expect(await seriousAccessibilityProblems(admin)).toEqual([]);
  await admin.getByRole('link', { name: '← Ustawienia' }).click();
  await admin.getByRole('link', { name: 'Reguły przydziału' }).click();
  await admin.getByText('Ta usługa nie jest włączona na tej platformie.').waitFor();
  await admin.context().close();
});

it('charts a report for the supervisor and downloads it as CSV', async () => {
  await publish(
    buildEmailContact({ from: [{ kind: 'email', value: `${uniqueName('ewa')}@poczta.test` }], subject: 'Pytanie o raport' }),
  );
  // Counted by the reporting service from the events.
  await waitFor('the contact counted', async () => {
    const volume = await call('kierownik', 'GET', '/api/v1/reports/volume');
    return (volume.body.figures?.contacts ?? 0) >= 1 ? volume : null;
  });
  const page = await consoleAs('kierownik');
  await page.getByRole('link', { name: 'Raporty' }).click();
  await page.getByRole('heading', { name: 'Raporty' }).waitFor();
  // Tickets by channel as bars, the same figures in the table.
  const chart = page.getByRole('img', { name: 'liczba kontaktów i zgłoszeń: kanał' });
  await chart.waitFor();
  expect(await chart.getAttribute('data-chart')).toBe('bar');
  await page.getByRole('rowheader', { name: 'email' }).waitFor();
  await page.getByLabel('Podział').selectOption('hourOfWeek');
  await page.locator('[data-chart="line"]').waitFor();
  expect(await seriousAccessibilityProblems(page)).toEqual([]);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Pobierz CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('volume.csv');
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toContain('dimension');
  await page.context().close();
});
