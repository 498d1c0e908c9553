// The console's editing screens and phone queue in a real browser (Debian's
// Chromium): an admin adds and changes agents, writes, reorders and switches
// off routing rules and SLA policies, each refusal of the API shown beside
// its field; a supervisor gives a ticket to a colleague by name, who sees
// the notice on her next login; an agent takes the next caller of a queue,
// and a colleague accepts a caller offered to him.
// Real: Chromium, the built console, Kafka, the store, tickets, routing, sla,
// channel-voice (its Twilio webhooks signed as Twilio signs them) and the
// gateway. Stood in: Twilio's servers (TwilioStandIn).
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { TOPICS } from '@threadline/contracts';
import {
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  startService,
  testPublisher,
  TwilioStandIn,
  twilioCallWebhooks,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { createChannelVoiceService } from '../../services/channel-voice/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { slaService } from '../../services/sla/src/app.module';
import { startRouting, startTickets } from './started-services';
import { errorOf, launchChromium, openConsoleAs, seriousAccessibilityProblems } from './console-browser';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const LINE = '+48221230099';

const workspace = newWorkspace('ustawienia');
const agents = {
  ola: { workspace, email: 'ola@sklep.test', role: 'agent' },
  kierownik: { workspace, email: 'kierownik@sklep.test', role: 'supervisor' },
  szef: { workspace, email: 'szef@sklep.test', role: 'admin' },
} satisfies Record<string, TestAgent>;
const publisher = testPublisher('test');
const standIn = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
const running: RunningService[] = [];
let gateway: RunningService;
let voice: RunningService;
let browser: Browser;
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  await standIn.start();
  await publisher.connect();
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));
  const tickets = await startTickets();
  const routing = await startRouting(tickets);
  const sla = await startService(slaService, commonTestEnv('sla'));
  // One line, one queue ("ogolna"), always open: a caller waits there until an agent takes them.
  voice = await startService(createChannelVoiceService(), {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([{ workspaceId: workspace.id, number: LINE }]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: standIn.url,
    TWILIO_TIMEOUT_MS: '3000',
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    ROUTING_URL: routing.internalUrl,
    SLA_URL: sla.internalUrl,
    CHANNEL_VOICE_URL: voice.internalUrl,
  });
  running.push(gateway, voice, sla, routing, tickets);
  browser = await launchChromium();
  call = await logIn(gateway.url, agents);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const service of running) await service.close();
  await publisher.disconnect();
  await standIn.stop();
});

const consoleAs = (who: keyof typeof agents): Promise<Page> => openConsoleAs(browser, gateway.url, agents[who]);

/** The error shown under a labelled field (tied to it by aria-describedby). */
it('lets the admin add an agent and change their role, with the API’s reasons beside the fields', async () => {
  const page = await consoleAs('szef');
  await page.getByRole('link', { name: 'Agenci' }).click();
  await page.getByRole('heading', { name: 'Agenci i role' }).waitFor();
  await page.getByRole('button', { name: 'Dodaj agenta' }).click();
  const form = page.getByRole('form', { name: 'Nowy agent' });
  await form.getByLabel('E-mail').fill('ewa.zolnierczyk@sklep.test');
  await form.getByLabel('Imię i nazwisko').fill('Ewa Żołnierczyk');
  await form.getByLabel('Zespoły (po przecinku)').fill('reklamacje, faktury');
  await form.getByLabel('Hasło startowe (min. 12 znaków)').fill('krótkie');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  // The API refuses the short password: the reason stands under the password, nothing was added.
  expect(await errorOf(page, 'Hasło startowe (min. 12 znaków)')).toContain('at least 12 characters');
  expect((await call('szef', 'GET', '/api/v1/agents')).body.items).toHaveLength(3);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);

  await form.getByLabel('Hasło startowe (min. 12 znaków)').fill('zażółć gęślą jaźń 2026');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: 'Ewa Żołnierczyk', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Edytuj: Ewa Żołnierczyk' }).click();
  const change = page.getByRole('form', { name: 'Zmiana agenta: Ewa Żołnierczyk' });
  await change.getByLabel('Rola').selectOption('supervisor');
  await change.getByRole('button', { name: 'Zapisz' }).click();
  await change.waitFor({ state: 'detached' });
  const ewa = (await call('szef', 'GET', '/api/v1/agents')).body.items.find((a: Json) => a.name === 'Ewa Żołnierczyk');
  expect(ewa).toMatchObject({ email: 'ewa.zolnierczyk@sklep.test', role: 'supervisor', teams: ['reklamacje', 'faktury'] });
  await page.getByRole('row', { name: /Ewa Żołnierczyk.*kierownik/ }).waitFor();
  await page.context().close();
});

it('lets the admin write routing rules, move one up, switch one off, and try them', async () => {
  const page = await consoleAs('szef');
  await page.goto(`${gateway.url}/admin/rules`);
  await page.getByRole('heading', { name: 'Reguły przydziału' }).waitFor();
  await page.getByRole('button', { name: 'Dodaj regułę' }).click();
  const form = page.getByRole('form', { name: 'Nowa reguła' });
  await form.getByLabel('Nazwa').fill('Reklamacje do zespołu');
  await form.getByLabel('Warunki (JSON)').fill('{"keywords": ["reklamacja"');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  // Not JSON: said at once, without asking the API.
  expect(await errorOf(page, 'Warunki (JSON)')).toBe('To nie jest poprawny JSON.');
  // A pattern that could backtrack: the routing service's reason, under the conditions.
  await form.getByLabel('Warunki (JSON)').fill('{"pattern": "(a+)+$"}');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  expect(await errorOf(page, 'Warunki (JSON)')).toContain('pattern: could backtrack catastrophically');
  await form.getByLabel('Warunki (JSON)').fill('{"keywords": ["reklamacja"]}');
  await form.getByLabel('Działania (JSON)').fill('[{"type": "set-queue", "queue": "reklamacje"}]');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: 'Reklamacje do zespołu', exact: true }).waitFor();

  await page.getByRole('button', { name: 'Dodaj regułę' }).click();
  const second = page.getByRole('form', { name: 'Nowa reguła' });
  await second.getByLabel('Nazwa').fill('Faktury pilne');
  await second.getByLabel('Warunki (JSON)').fill('{"keywords": ["faktura"]}');
  await second.getByLabel('Działania (JSON)').fill('[{"type": "set-priority", "priority": "high"}]');
  await second.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: 'Faktury pilne', exact: true }).waitFor();

  const order = async () => (await call('szef', 'GET', '/api/v1/routing/rules')).body.items.map((r: Json) => r.name);
  expect(await order()).toEqual(['Reklamacje do zespołu', 'Faktury pilne']);
  await page.getByRole('button', { name: 'Przesuń wyżej: Faktury pilne' }).click();
  await waitFor('the rule moved up', async () => ((await order())[0] === 'Faktury pilne' ? true : null));
  await page.locator('tbody tr').first().getByText('Faktury pilne').waitFor();

  await page.getByRole('button', { name: 'Wyłącz regułę: Faktury pilne' }).click();
  await page.getByRole('button', { name: 'Włącz regułę: Faktury pilne' }).waitFor();
  const rules = (await call('szef', 'GET', '/api/v1/routing/rules')).body.items;
  expect(rules.map((r: Json) => [r.name, r.enabled])).toEqual([
    ['Faktury pilne', false],
    ['Reklamacje do zespołu', true],
  ]);

  // The tester: a complaint fires the rule that is on; the invoice rule, off, does not.
  await page.getByLabel('Temat').fill('Reklamacja i faktura');
  await page.getByRole('button', { name: 'Sprawdź' }).click();
  await page.getByRole('status').filter({ hasText: 'Reklamacje do zespołu' }).waitFor();
  expect(await page.getByRole('status').filter({ hasText: 'Faktury pilne' }).count()).toBe(0);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.context().close();
});

it('lets the admin add and change an SLA policy, a missing target said beside the targets', async () => {
  const page = await consoleAs('szef');
  await page.goto(`${gateway.url}/admin/sla`);
  await page.getByRole('heading', { name: 'Zasady SLA' }).waitFor();
  await page.getByRole('button', { name: 'Dodaj zasadę SLA' }).click();
  const form = page.getByRole('form', { name: 'Nowa zasada SLA' });
  await form.getByLabel('Nazwa').fill('Reklamacje VIP — pilne');
  await form
    .getByLabel('Których zgłoszeń dotyczy (JSON: queues, priorities, channels, categories, customerTiers)')
    .fill('{"queues": ["reklamacje"]}');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  await form.getByText('set at least one target').waitFor();
  expect((await call('szef', 'GET', '/api/v1/sla/policies')).body.items).toEqual([]);

  await form.getByLabel('Pierwsza odpowiedź (min)').fill('30');
  await form.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: 'Reklamacje VIP — pilne', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Edytuj: Reklamacje VIP — pilne' }).click();
  const change = page.getByRole('form', { name: 'Zmiana zasady SLA: Reklamacje VIP — pilne' });
  await change.getByLabel('Rozwiązanie (min)').fill('480');
  await change.getByLabel('Czas').selectOption('calendar');
  await change.getByRole('button', { name: 'Zapisz' }).click();
  await page.getByRole('cell', { name: 'cała doba', exact: true }).waitFor();
  const [policy] = (await call('szef', 'GET', '/api/v1/sla/policies')).body.items;
  expect(policy).toMatchObject({
    name: 'Reklamacje VIP — pilne',
    time: 'calendar',
    match: { queues: ['reklamacje'] },
    targets: { firstResponseMinutes: 30, nextResponseMinutes: null, resolutionMinutes: 480 },
  });
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.context().close();
});

it('lets a supervisor give a ticket to a colleague chosen by name', async () => {
  const subject = `Zwrot butów ${uniqueName('z')}`;
  const contact = buildEmailContact({ from: [{ kind: 'email', value: `${uniqueName('jan')}@poczta.test` }], subject });
  await publisher.publish('contact.received.v1', { workspaceId: workspace.id, key: contact.from[0].value, payload: contact });
  const number = await waitFor('the ticket', async () => {
    const list = await call('kierownik', 'GET', `/api/v1/tickets?q=${encodeURIComponent(subject)}`);
    return list.body.items?.[0]?.number as number | undefined;
  });
  // Every role reads the directory, which names colleagues and nothing more.
  const directory = await call('ola', 'GET', '/api/v1/agent-directory');
  expect(directory.status).toBe(200);
  const ola = directory.body.items.find((a: Json) => a.handle === 'ola');
  expect(Object.keys(ola).sort()).toEqual(['handle', 'id', 'name']);

  const page = await consoleAs('kierownik');
  await page.goto(`${gateway.url}/tickets/${number}`);
  await page.getByRole('heading', { name: subject }).waitFor();
  await page.getByLabel('Przypisane do').selectOption({ label: 'ola' });
  await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await page.getByText('Zapisano.').waitFor();
  const ticket = await call('kierownik', 'GET', `/api/v1/tickets/${number}`);
  expect(ticket.body.assigneeId).toBe(ola.id);
  await page.context().close();

  // Ola's console was closed meanwhile: the gateway kept the notice, and she sees it when she logs in.
  await waitFor('the notice kept for Ola', async () => {
    const kept = await call('ola', 'GET', '/api/v1/notifications');
    return kept.body.unread === 1 ? kept : null;
  });
  const hers = await consoleAs('ola');
  await hers.getByRole('button', { name: 'Powiadomienia (1)' }).click();
  await hers.getByRole('link', { name: `Przypisano Ci zgłoszenie #${number}` }).click();
  await hers.getByRole('heading', { name: subject }).waitFor();
  await hers.getByRole('button', { name: 'Powiadomienia (0)' }).waitFor();
  const read = await waitFor('the notice marked read', async () => {
    const kept = await call('ola', 'GET', '/api/v1/notifications');
    return kept.body.unread === 0 ? kept : null;
  });
  expect(read.body.items).toMatchObject([{ kind: 'assigned', number, read: true }]);
  await hers.context().close();
});

it('lets an agent take the next caller of a queue to their phone', async () => {
  const page = await consoleAs('ola');
  await page.getByRole('link', { name: 'Połączenia' }).click();
  await page.getByRole('heading', { name: 'Kolejki połączeń' }).waitFor();
  const waiting = page.locator('[data-waiting="ogolna"]');
  await waiting.waitFor();
  expect(await waiting.textContent()).toBe('0');

  // A caller rings the line and waits in the queue, as Twilio reports it.
  const caller = twilioCallWebhooks({
    serviceUrl: () => voice.url,
    publicBaseUrl: PUBLIC_BASE_URL,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    to: LINE,
    from: '+48601234567',
  });
  expect((await caller.incoming()).status).toBe(200);
  expect((await caller.wait('ogolna', 12)).status).toBe(200);
  await page.locator('[data-waiting="ogolna"]', { hasText: '1' }).waitFor();

  // A phone that is no phone: the reason under the field.
  await page.getByLabel('Mój telefon do odbierania').fill('abc');
  await page.getByRole('button', { name: 'Odbierz następnego dzwoniącego z kolejki ogolna' }).click();
  expect(await errorOf(page, 'Mój telefon do odbierania')).toBe('phone must be a phone number');

  await page.getByLabel('Mój telefon do odbierania').fill('600 700 800');
  await page.getByRole('button', { name: 'Odbierz następnego dzwoniącego z kolejki ogolna' }).click();
  await page.getByText(/Łączymy: \+48601234567 z kolejki ogolna .* dzwonimy na \+48600700800\./).waitFor();
  // Twilio was told to take this caller out of the queue and dial Ola's phone.
  const update = standIn.callUpdates.find((u) => u.callSid === caller.sid);
  expect(update?.form.Twiml).toContain('<Number>+48600700800</Number>');
  await page.locator('[data-waiting="ogolna"]', { hasText: '0' }).waitFor();

  await page.getByRole('button', { name: 'Odbierz następnego dzwoniącego z kolejki ogolna' }).click();
  await page.getByText('Nikt nie czeka w kolejce ogolna.').waitFor();
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.context().close();
});

it('shows a free agent the caller offered to him, and Odbierz has Twilio dial his phone', async () => {
  // Ola is still on the call she took above: the supervisor is the free one.
  const directory = await call('kierownik', 'GET', '/api/v1/agent-directory');
  const kierownik = directory.body.items.find((a: Json) => a.handle === 'kierownik');
  expect((await call('kierownik', 'PUT', '/api/v1/voice/presence', { status: 'available', phone: '600 700 801' })).status).toBe(
    200,
  );
  const page = await consoleAs('kierownik');
  await page.getByRole('link', { name: 'Połączenia' }).click();
  await page.getByRole('heading', { name: 'Kolejki połączeń' }).waitFor();
  await page.getByLabel('Mój telefon do odbierania').fill('');

  const caller = twilioCallWebhooks({
    serviceUrl: () => voice.url,
    publicBaseUrl: PUBLIC_BASE_URL,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    to: LINE,
    from: '+48601234568',
  });
  expect((await caller.incoming()).status).toBe(200);
  // The offer as routing places it (routing's own choice is tested in call-offers.int-spec.ts).
  const offer = await voice.internalApi(workspace.id, { id: 'routing', role: 'service' }).fetch('voice/offers', {
    method: 'POST',
    body: { callSid: caller.sid, entry: 1, agentId: kierownik.id, timeoutSeconds: 120 },
  });
  expect(offer.status).toBe(201);

  await page.getByRole('heading', { name: 'Połączenie dla Ciebie' }).waitFor();
  await page.getByText(/Dzwoni \+48601234568 z kolejki ogolna/).waitFor();
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.getByRole('button', { name: 'Odbierz', exact: true }).click();
  await page.getByText(/Łączymy: \+48601234568 z kolejki ogolna .* dzwonimy na \+48600700801\./).waitFor();
  expect(standIn.callUpdates.find((u) => u.callSid === caller.sid)?.form.Twiml).toContain('<Number>+48600700801</Number>');
  await page.getByRole('heading', { name: 'Połączenie dla Ciebie' }).waitFor({ state: 'detached' });
  await page.context().close();
});
