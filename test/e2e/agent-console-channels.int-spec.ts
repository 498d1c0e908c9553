// The console's channel settings in a real browser (Debian's Chromium): an admin
// connects a mailbox on the test Dovecot and a mail sent to it becomes a ticket;
// gives a phone number an IVR menu (key → queue) saved as the API then answers it;
// connects a Facebook Page and a Slack team whose secrets are sent but never shown
// back; sets the business calendar's hours and days off. Each refusal of the API
// stands beside its field; an agent without the role sees none of these screens.
// Real: Chromium, the built console, Postfix/Dovecot of the test infra, Kafka, the
// store, tickets, channel-email, channel-voice, channel-social, sla and the gateway.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import {
  buildRawMail,
  commonTestEnv,
  sendOverSmtp,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { createChannelVoiceService } from '../../services/channel-voice/src/app.module';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { slaService } from '../../services/sla/src/app.module';
import { errorOf, fitsTheWidth, launchChromium, openConsoleAs, seriousAccessibilityProblems } from './console-browser';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';
import { startTickets } from './started-services';

const infra = testInfra();
const workspace = newWorkspace('kanaly');
const agents = {
  ola: { workspace, email: 'ola@sklep.test', role: 'agent' },
  szef: { workspace, email: 'szef@sklep.test', role: 'admin' },
} satisfies Record<string, TestAgent>;
const running: RunningService[] = [];
let gateway: RunningService;
let browser: Browser;
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));
  const tickets = await startTickets();
  // No mailboxes, numbers, Pages or teams configured: everything comes from the admin's screens.
  const email = await startService(channelEmailService, {
    ...commonTestEnv('channel-email'),
    EMAIL_MAILBOX_REFRESH_MS: '300',
    EMAIL_POLL_INTERVAL_MS: '1000',
  });
  const voice = await startService(createChannelVoiceService(), {
    ...commonTestEnv('channel-voice'),
    TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    PUBLIC_BASE_URL: 'https://voice.threadline.test',
  });
  const social = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    MESSENGER_VERIFY_TOKEN: randomBytes(12).toString('hex'),
  });
  const sla = await startService(slaService, commonTestEnv('sla'));
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    CHANNEL_EMAIL_URL: email.internalUrl,
    CHANNEL_VOICE_URL: voice.internalUrl,
    CHANNEL_SOCIAL_URL: social.internalUrl,
    SLA_URL: sla.internalUrl,
  });
  running.push(gateway, sla, social, voice, email, tickets);
  browser = await launchChromium();
  call = await logIn(gateway.url, agents);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const service of running) await service.close();
});

/** The admin's console on one settings screen, reached through the navigation as an admin would. */
async function settingsScreen(name: string): Promise<Page> {
  const page = await openConsoleAs(browser, gateway.url, agents.szef);
  await page.getByRole('link', { name: 'Ustawienia' }).click();
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  return page;
}

/** The reason shown under a labelled field (tied to it by aria-describedby). */
it('connects a mailbox on the test Dovecot, its password never shown back, and its mail becomes a ticket', async () => {
  const login = `bok-${uniqueName('c')}@firma.test`;
  const page = await settingsScreen('Skrzynki pocztowe');
  await page.getByRole('button', { name: 'Dodaj skrzynkę' }).click();
  const form = page.getByRole('form', { name: 'Nowa skrzynka' });
  await form.getByLabel('Nazwa').fill('Biuro obsługi — Łódź');
  await form.getByLabel('Serwer IMAP').fill(infra.imap.host);
  await form.getByLabel('Port IMAP').fill('imap');
  await form.getByLabel('IMAP przez TLS od początku (zwykle port 993)').uncheck();
  await form.getByLabel('Login IMAP').fill(login);
  await form.getByLabel('Hasło IMAP').fill(infra.imap.password);
  await form.getByRole('button', { name: 'Zapisz' }).click();
  // Not a number: channel-email's reason stands under the port, nothing was added.
  expect(await errorOf(page, 'Port IMAP')).toContain('expected number');
  expect((await call('szef', 'GET', '/api/v1/mailboxes')).body.items).toEqual([]);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);

  // At tablet width the form's fields wrap: nothing wider than the window.
  await page.setViewportSize({ width: 768, height: 900 });
  expect(await fitsTheWidth(page)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 900 });

  await form.getByLabel('Port IMAP').fill(String(infra.imap.port));
  await form.getByRole('button', { name: 'Zapisz' }).click();
  const row = page.getByRole('row', { name: /Biuro obsługi — Łódź/ });
  await row.waitFor();
  expect(await row.textContent()).toContain('ustawione');
  expect(await page.content()).not.toContain(infra.imap.password);

  // Changed without a password: the stored one is kept (the sync goes on logging in).
  await page.getByRole('button', { name: 'Edytuj: Biuro obsługi — Łódź' }).click();
  const change = page.getByRole('form', { name: 'Zmiana skrzynki: Biuro obsługi — Łódź' });
  expect(await change.getByLabel('Hasło IMAP (ustawione — puste pole zostawia obecne)').inputValue()).toBe('');
  await change.getByLabel('Inne adresy i aliasy tej skrzynki (po przecinku)').fill('reklamacje@firma.test');
  await change.getByRole('button', { name: 'Zapisz' }).click();
  await change.waitFor({ state: 'detached' });
  const [mailbox] = (await call('szef', 'GET', '/api/v1/mailboxes')).body.items;
  expect(mailbox).toMatchObject({ user: login, passwordSet: true, addresses: ['reklamacje@firma.test'], port: infra.imap.port });

  const subject = `Zepsuty czajnik ${uniqueName('m')}`;
  const mail = buildRawMail({
    from: { name: 'Jan Wiśniewski', address: 'jan.wisniewski@klient.test' },
    to: login,
    subject,
    body: 'Dzień dobry, czajnik nie grzeje.',
    messageId: `<${uniqueName('czajnik')}@klient.test>`,
  });
  await sendOverSmtp({ from: 'jan.wisniewski@klient.test', to: [login] }, mail);
  await waitFor('the mail as a ticket', async () => {
    const list = await call('szef', 'GET', `/api/v1/tickets?q=${encodeURIComponent(subject)}`);
    return list.body.items?.[0] ?? null;
  });
  await page.getByRole('link', { name: 'Zgłoszenia' }).click();
  await page.getByRole('link', { name: subject }).waitFor();
  await page.context().close();
});

it('gives a phone number an IVR menu whose keys lead to queues, saved as the API answers it', async () => {
  const page = await settingsScreen('Numery telefonów i IVR');
  await page.getByRole('button', { name: 'Dodaj numer' }).click();
  const form = page.getByRole('form', { name: 'Nowy numer' });
  await form.getByLabel('Numer (E.164, np. +48221234567)').fill('+48221230077');
  await form.getByLabel('Powitanie').fill('Dzień dobry, tu sklep Żółw.');
  await form.getByLabel('Zapowiedź menu').fill('Reklamacje — jeden, faktury — dwa.');
  await form.getByRole('button', { name: 'Dodaj klawisz' }).click();
  await form.getByLabel('Klawisz — wiersz 1').fill('11');
  await form.getByLabel('Kolejka — wiersz 1').fill('reklamacje');
  await form.getByRole('button', { name: 'Dodaj klawisz' }).click();
  await form.getByLabel('Klawisz — wiersz 2').fill('2');
  await form.getByLabel('Kolejka — wiersz 2').fill('Faktury VAT');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  // channel-voice's reasons, each under the key's own row.
  expect(await errorOf(page, 'Klawisz — wiersz 1')).toBe('one key: 0–9, * or #');
  expect(await errorOf(page, 'Kolejka — wiersz 2')).toContain('lower-case letters, digits, - and _ only');
  expect((await call('szef', 'GET', '/api/v1/voice/numbers')).body.items).toEqual([]);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);

  await form.getByLabel('Klawisz — wiersz 1').fill('1');
  await form.getByLabel('Kolejka — wiersz 2').fill('faktury');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: '1 → reklamacje, 2 → faktury', exact: true }).waitFor();

  const [line] = (await call('szef', 'GET', '/api/v1/voice/numbers')).body.items;
  expect(line).toMatchObject({ number: '+48221230077', source: 'api' });
  expect(line.calls.greeting).toBe('Dzień dobry, tu sklep Żółw.');
  expect(line.calls.menus.main).toMatchObject({
    prompt: 'Reklamacje — jeden, faktury — dwa.',
    options: [
      { digit: '1', action: { type: 'queue', queue: 'reklamacje' } },
      { digit: '2', action: { type: 'queue', queue: 'faktury' } },
    ],
    fallback: { type: 'queue', queue: 'reklamacje' },
  });
  expect(Object.keys(line.calls.queues).sort()).toEqual(['faktury', 'reklamacje']);

  // Opened again, the form shows what the API holds; a key removed is gone from the API too.
  await page.getByRole('button', { name: 'Edytuj: +48221230077' }).click();
  const change = page.getByRole('form', { name: 'Zmiana numeru: +48221230077' });
  expect(await change.getByLabel('Kolejka — wiersz 2').inputValue()).toBe('faktury');
  await change.getByRole('button', { name: 'Usuń wiersz 2' }).click();
  await change.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: '1 → reklamacje', exact: true }).waitFor();
  const [changed] = (await call('szef', 'GET', '/api/v1/voice/numbers')).body.items;
  expect(changed.calls.menus.main.options).toEqual([{ digit: '1', speech: [], action: { type: 'queue', queue: 'reklamacje' } }]);

  await page.getByRole('button', { name: 'Usuń: +48221230077' }).click();
  await page.getByRole('dialog', { name: 'Usunąć +48221230077?' }).getByRole('button', { name: 'Usuń' }).click();
  await page.getByText('Nic tu jeszcze nie ma.').waitFor();
  expect((await call('szef', 'GET', '/api/v1/voice/numbers')).body.items).toEqual([]);
  await page.context().close();
});

it('connects a Facebook Page and a Slack team, sending their secrets and showing only that they are set', async () => {
  const token = `EAAG${randomBytes(24).toString('hex')}`;
  const appSecret = randomBytes(16).toString('hex');
  const pageId = `2049${String(Date.now()).slice(-10)}`;
  const page = await settingsScreen('Strony na Facebooku');
  await page.getByRole('button', { name: 'Dodaj stronę' }).click();
  const form = page.getByRole('form', { name: 'Nowa strona na Facebooku' });
  await form.getByLabel('Identyfikator strony').fill(pageId);
  await form.getByLabel('Token dostępu strony').fill(token);
  await form.getByLabel('Klucz tajny aplikacji').fill('krótki');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  expect(await errorOf(page, 'Klucz tajny aplikacji')).toBe('must be the app secret');
  await form.getByLabel('Klucz tajny aplikacji').fill(appSecret);
  await form.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('row', { name: new RegExp(`${pageId}.*dodane tutaj.*ustawione.*ustawione`) }).waitFor();
  expect(await page.content()).not.toContain(token);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);

  await page.getByRole('link', { name: '← Ustawienia' }).click();
  await page.getByRole('link', { name: 'Zespoły Slack' }).click();
  await page.getByRole('button', { name: 'Dodaj zespół Slack' }).click();
  const teamId = `T0${randomBytes(4).toString('hex').toUpperCase()}`;
  const botToken = `xoxb-${randomBytes(12).toString('hex')}`;
  const team = page.getByRole('form', { name: 'Nowy zespół Slack' });
  await team.getByLabel('Identyfikator zespołu (T…)').fill(teamId);
  await team.getByLabel('Kanały wsparcia (identyfikatory C…, po przecinku)').fill('C0POMOC01, #pomoc');
  await team.getByLabel('Token bota (xoxb-…)').fill(botToken);
  await team.getByLabel('Klucz podpisu aplikacji').fill(randomBytes(16).toString('hex'));
  await team.getByRole('button', { name: 'Zapisz' }).click();
  expect(await errorOf(page, 'Kanały wsparcia (identyfikatory C…, po przecinku)')).toBe('1: must be a channel id like C0123ABCD');
  await team.getByLabel('Kanały wsparcia (identyfikatory C…, po przecinku)').fill('C0POMOC01, C0FAKTURY');
  await team.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: 'C0POMOC01, C0FAKTURY', exact: true }).waitFor();
  expect(await page.content()).not.toContain(botToken);

  // A change of channels alone keeps the secrets.
  await page.getByRole('button', { name: `Edytuj: ${teamId}` }).click();
  const change = page.getByRole('form', { name: `Zmiana zespołu Slack: ${teamId}` });
  await change.getByLabel('Kanały wsparcia (identyfikatory C…, po przecinku)').fill('C0POMOC01');
  await change.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: 'C0POMOC01', exact: true }).waitFor();
  const [saved] = (await call('szef', 'GET', '/api/v1/slack/teams')).body.items;
  expect(saved).toMatchObject({ teamId, supportChannels: ['C0POMOC01'], botTokenSet: true, signingSecretSet: true });
  expect(JSON.stringify(saved)).not.toContain(botToken);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.context().close();
});

it('sets the business calendar: weekly hours, Polish holidays, a shorter Wigilia', async () => {
  const page = await settingsScreen('Kalendarz pracy');
  // The default: Monday to Friday 8–16, closed on Polish holidays.
  expect(await page.getByLabel('Poniedziałek: otwarte').isChecked()).toBe(true);
  expect(await page.getByLabel('Sobota: otwarte').isChecked()).toBe(false);
  expect(await page.getByLabel('Zamknięte w polskie święta ustawowe').isChecked()).toBe(true);

  await page.getByLabel('Strefa czasowa').fill('Europa/Warszawa');
  await page.getByLabel('Piątek do').fill('14:00');
  await page.getByLabel('Sobota: otwarte').check();
  await page.getByLabel('Sobota od').fill('09:00');
  await page.getByLabel('Sobota do').fill('13:00');
  await page.getByRole('button', { name: 'Dodaj dzień' }).click();
  await page.getByLabel('Data — wiersz 1').fill('2026-12-24');
  await page.getByLabel('Nazwa — wiersz 1').fill('Wigilia');
  await page.getByLabel('Od — wiersz 1').fill('12:00');
  await page.getByLabel('Do — wiersz 1').fill('08:00');
  await page.getByRole('button', { name: 'Zapisz' }).click();
  expect(await errorOf(page, 'Strefa czasowa')).toBe('must be an IANA time zone such as Europe/Warsaw');
  expect(await errorOf(page, 'Do — wiersz 1')).toContain('from must be before to');
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.setViewportSize({ width: 768, height: 900 });
  expect(await fitsTheWidth(page)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByLabel('Strefa czasowa').fill('Europe/Warsaw');
  await page.getByLabel('Od — wiersz 1').fill('08:00');
  await page.getByLabel('Do — wiersz 1').fill('12:00');
  await page.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByText('Zapisano kalendarz.').waitFor();
  const calendar = (await call('szef', 'GET', '/api/v1/sla/calendar')).body;
  expect(calendar).toEqual({
    timezone: 'Europe/Warsaw',
    open: [
      { days: [1, 2, 3, 4], from: '08:00', to: '16:00' },
      { days: [5], from: '08:00', to: '14:00' },
      { days: [6], from: '09:00', to: '13:00' },
    ],
    closedOnPolishHolidays: true,
    exceptions: [{ date: '2026-12-24', open: [{ from: '08:00', to: '12:00' }], name: 'Wigilia' }],
  });
  await page.context().close();
});

it('shows none of these screens to an agent without the admin role', async () => {
  const page = await openConsoleAs(browser, gateway.url, agents.ola);
  await page.getByRole('link', { name: 'Zgłoszenia' }).waitFor();
  expect(await page.getByRole('link', { name: 'Ustawienia' }).count()).toBe(0);
  for (const screen of ['mailboxes', 'numbers', 'messenger', 'slack', 'calendar']) {
    await page.goto(`${gateway.url}/admin/${screen}`);
    await page.getByRole('heading', { name: 'Brak dostępu' }).waitFor();
    expect(await page.getByRole('button', { name: /^Dodaj/ }).count()).toBe(0);
  }
  // And the API refuses her, whatever the console shows.
  expect((await call('ola', 'GET', '/api/v1/mailboxes')).status).toBe(403);
  expect((await call('ola', 'PUT', '/api/v1/sla/calendar', {})).status).toBe(403);
  await page.context().close();
});
