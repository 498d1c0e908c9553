// The agent console in a real browser: Debian's headless Chromium driven by
// playwright-core opens the console the gateway serves at /, an agent logs in,
// a customer's mail (a published contact) appears live on the list, the agent
// answers it and writes an internal note on the ticket screen; a stale change
// shows both versions; admin screens only for admins; axe finds no serious or
// critical accessibility problem; the layout holds at 1280 px and 768 px.
// Real: Chromium, the built console (npm run build), Kafka, the store, tickets and the gateway.
import type { Browser, Page } from 'playwright-core';
import {
  buildContact,
  buildEmailContact,
  startService,
  testPublisher,
  waitFor,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { fitsTheWidth, launchChromium, openConsoleAs, seriousAccessibilityProblems } from './console-browser';
import { logIn as logInByApi, newWorkspace, seedAgents, type TestAgent } from './workspace-agents';
import { startTickets } from './started-services';

const workspace = newWorkspace('konsola');
const agents = {
  ola: { workspace, email: 'ola@sklep.test', role: 'agent' },
  admin: { workspace, email: 'szef@sklep.test', role: 'admin' },
} satisfies Record<string, TestAgent>;
const publisher = testPublisher('test');

let tickets: RunningService;
let gateway: RunningService;
let browser: Browser;

beforeAll(async () => {
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));
  tickets = await startTickets();
  gateway = await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl });
  await publisher.connect();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await publisher.disconnect();
  await gateway?.close();
  await tickets?.close();
});

/** A fresh browser (own storage) at the given width, logged in through the console's form. */
const consoleAs = (who: keyof typeof agents, width = 1280): Promise<Page> =>
  openConsoleAs(browser, gateway.url, agents[who], width);

/** A customer's new mail (each from their own address: a second mail of one customer would join their open ticket). */
function publishMail(sender: string, subject: string, text: string) {
  const contact = buildEmailContact({ subject, text, from: [{ kind: 'email', value: sender }] });
  return publisher.publish('contact.received.v1', { workspaceId: workspace.id, key: contact.from[0].value, payload: contact });
}

it('shows a new mail live, and the answer and the internal note land on its timeline', async () => {
  const page = await consoleAs('ola');
  expect(await seriousAccessibilityProblems(page)).toEqual([]);
  await page.getByRole('link', { name: 'Zgłoszenia' }).click();
  await page.getByRole('heading', { name: 'Zgłoszenia' }).waitFor();

  await publishMail(
    'jan.kowalski@example.pl',
    'Zamówienie 1234 — żółta kurtka',
    'Dzień dobry, kurtka nie dotarła. Zażółć gęślą jaźń.',
  );
  // No reload: the live stream brings it onto the open list.
  const link = page.getByRole('link', { name: 'Zamówienie 1234 — żółta kurtka' });
  await link.waitFor();
  expect(await fitsTheWidth(page)).toBe(true);
  expect(await seriousAccessibilityProblems(page)).toEqual([]);

  await link.click();
  await page.getByRole('heading', { name: /Zgłoszenie #\d+: Zamówienie 1234 — żółta kurtka/ }).waitFor();
  await page.getByText('Dzień dobry, kurtka nie dotarła. Zażółć gęślą jaźń.').waitFor();
  expect(await seriousAccessibilityProblems(page)).toEqual([]);

  await page.getByLabel('Treść').fill('Dzień dobry, sprawdzamy przesyłkę — odezwiemy się jutro.');
  await page.getByRole('button', { name: 'Wyślij' }).click();
  const reply = page.locator('article.mail-out', { hasText: 'sprawdzamy przesyłkę' });
  await reply.waitFor();
  expect(await reply.textContent()).toContain('Ja');

  await page.getByLabel('Notatka wewnętrzna').check();
  await page.getByLabel('Treść').fill('Kurier zgubił paczkę, @szef proszę o decyzję.');
  await page.getByRole('button', { name: 'Dodaj notatkę' }).click();
  const note = page.locator('article.note', { hasText: 'Kurier zgubił paczkę' });
  await note.waitFor();
  expect(await note.textContent()).toContain('Notatka wewnętrzna');
  // A note looks different from the customer's and the agent's messages.
  const background = (selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
  expect(await background('article.note')).not.toBe(await background('article.mail-out'));

  // The same ticket as it was answered, through the API.
  const number = Number((await page.url()).split('/').pop());
  const call = await logInByApi(gateway.url, { ola: agents.ola });
  const ticket = await call('ola', 'GET', `/api/v1/tickets/${number}`);
  expect(ticket.body.timeline.map((e: { kind: string; direction?: string }) => `${e.kind}:${e.direction ?? ''}`)).toEqual(
    expect.arrayContaining(['message:inbound', 'message:outbound', 'note:']),
  );
  await page.context().close();
});

it('shows both versions when someone else changed the ticket first, and lets the agent choose', async () => {
  await publishMail('biuro@firma-nowak.pl', 'Faktura za listopad', 'Proszę o korektę faktury.');
  const call = await logInByApi(gateway.url, { admin: agents.admin });
  const number = await waitFor('the ticket', async () => {
    const list = await call('admin', 'GET', `/api/v1/tickets?q=${encodeURIComponent('Faktura za listopad')}`);
    return list.body.items?.[0]?.number as number | undefined;
  });
  const page = await consoleAs('ola');
  await page.goto(`${gateway.url}/tickets/${number}`);
  await page.getByRole('heading', { name: /Faktura za listopad/ }).waitFor();

  // The supervisor's change arrives between Ola opening the ticket and saving hers.
  const seen = await call('admin', 'GET', `/api/v1/tickets/${number}`);
  await page.getByLabel('Priorytet').selectOption('urgent');
  expect(
    (await call('admin', 'PATCH', `/api/v1/tickets/${number}`, { priority: 'high' }, { 'if-match': `"${seen.body.version}"` }))
      .status,
  ).toBe(200);
  await page.getByRole('button', { name: 'Zapisz zmiany' }).click();

  const dialog = page.getByRole('dialog', { name: 'Ktoś zmienił to zgłoszenie' });
  await dialog.waitFor();
  const row = dialog.getByRole('row', { name: /priorytet/ });
  expect(await row.textContent()).toMatch(/wysoki.*pilny/);
  await dialog.getByRole('button', { name: 'Zapisz moje' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const after = await waitFor('the agent’s choice saved', async () => {
    const ticket = await call('admin', 'GET', `/api/v1/tickets/${number}`);
    return ticket.body.priority === 'urgent' ? ticket.body : null;
  });
  expect(after.priority).toBe('urgent');
  await page.context().close();
});

it('tells the platform the agent is available for chat, that they are typing and have read, and shows what the visitor read', async () => {
  const visitor = `visitor-${Date.now()}`;
  // As channel-social names a widget's line: `<session>:<line>`, the session being the thread.
  const session = `cs_${Date.now()}abcdef`;
  const contact = buildContact('chat', [{ kind: 'chat', value: visitor }], {
    text: 'Czy macie kurtki w rozmiarze XL?',
    providerMessageId: `${session}:m1`,
    thread: { inReplyTo: null, references: [], providerThreadId: session },
  });
  await publisher.publish('contact.received.v1', { workspaceId: workspace.id, key: visitor, payload: contact });
  const page = await consoleAs('ola');

  const presence = page.waitForRequest(
    (r) => r.url().endsWith('/api/v1/chat/presence') && r.postData()?.includes('available') === true,
  );
  await page.getByRole('switch', { name: 'Dostępny na czacie' }).check();
  expect((await (await presence).response())?.status()).toBe(200);

  // The list filtered by channel, as a bookmarked view opens it.
  await page.goto(`${gateway.url}/tickets?channel=chat`);
  await page.getByRole('combobox', { name: /^Kanał/ }).waitFor();
  expect(await page.getByRole('combobox', { name: /^Kanał/ }).inputValue()).toBe('chat');
  // Opening the chat marks the visitor's line read (the widget shows it to them).
  const read = page.waitForRequest((r) => /\/api\/v1\/tickets\/\d+\/read$/.test(r.url()));
  // The ticket's own live stream: signals sent before it opens are not replayed, as for a real visitor.
  const stream = page.waitForResponse((r) => /\/api\/v1\/live\?.*ticket=\d+/.test(r.url()));
  await page.locator('tr[data-ticket] a').first().click();
  await page.getByText('Czy macie kurtki w rozmiarze XL?').waitFor();
  expect((await (await read).response())?.status()).toBe(202);
  expect((await stream).status()).toBe(200);
  // The visitor reads the agent's side in the widget: the screen says so.
  await publisher.publish('chat.read.v1', {
    workspaceId: workspace.id,
    key: session,
    payload: { sessionId: session, reader: 'visitor', lineId: 'a1', agentId: null, number: null, at: new Date().toISOString() },
  });
  await page.getByText('Przeczytane przez klienta').waitFor();
  // The customer's line is a bubble, not a letter.
  expect(await page.locator('article.bubble-in', { hasText: 'kurtki w rozmiarze XL' }).count()).toBe(1);
  const typing = page.waitForRequest((r) => /\/api\/v1\/tickets\/\d+\/typing$/.test(r.url()));
  await page.getByLabel('Treść').pressSequentially('Mamy');
  await typing;
  await page.context().close();
});

it('shows the admin screens to admins only', async () => {
  const agent = await consoleAs('ola');
  expect(await agent.getByRole('link', { name: 'Agenci' }).count()).toBe(0);
  await agent.goto(`${gateway.url}/admin/agents`);
  await agent.getByRole('heading', { name: 'Brak dostępu' }).waitFor();
  await agent.context().close();

  const admin = await consoleAs('admin');
  await admin.getByRole('link', { name: 'Agenci' }).click();
  await admin.getByRole('cell', { name: 'ola@sklep.test' }).waitFor();
  await admin.context().close();
});

it('fits a tablet (768 px): the ticket screen in one column, everything reachable without sideways scrolling', async () => {
  const page = await consoleAs('ola', 768);
  await page.getByRole('link', { name: 'Zgłoszenia' }).click();
  const link = page.getByRole('link', { name: 'Zamówienie 1234 — żółta kurtka' });
  await link.waitFor();
  expect(await fitsTheWidth(page)).toBe(true);
  await link.click();
  await page.getByLabel('Treść').waitFor();
  expect(await fitsTheWidth(page)).toBe(true);
  const [properties, composer] = await Promise.all([
    page.locator('form.properties').boundingBox(),
    page.locator('form.composer').boundingBox(),
  ]);
  // One column: the properties above the conversation, both as wide as the page allows.
  expect(properties!.y).toBeLessThan(composer!.y);
  expect(Math.abs(properties!.width - composer!.width)).toBeLessThan(40);

  await page.getByRole('button', { name: 'Wyloguj' }).click();
  await page.getByRole('heading', { name: 'Logowanie do konsoli' }).waitFor();
  await page.context().close();
});

it('serves the console at every path outside the API, and leaves the API its own answers', async () => {
  const deepLink = await fetch(`${gateway.url}/tickets/42`);
  expect([deepLink.status, deepLink.headers.get('content-type'), await deepLink.text()]).toEqual([
    200,
    expect.stringContaining('text/html'),
    expect.stringContaining('<div id="root">'),
  ]);
  // The app's script, compressed at build time, goes out compressed.
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(await (await fetch(`${gateway.url}/`)).text())![1];
  const compressed = await fetch(`${gateway.url}${script}`, { headers: { 'accept-encoding': 'br' } });
  expect([compressed.headers.get('content-encoding'), compressed.headers.get('content-type')]).toEqual([
    'br',
    expect.stringContaining('javascript'),
  ]);
  expect(await compressed.text()).toContain('Zgłoszenia');
  const unknownApi = await fetch(`${gateway.url}/api/v1/no-such-thing`);
  expect([unknownApi.status, unknownApi.headers.get('content-type')]).toEqual([404, expect.stringContaining('application/json')]);
  expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  const outside = await fetch(`${gateway.url}/assets/..%2f..%2fpackage.json`);
  expect(outside.status).toBe(404);
});
