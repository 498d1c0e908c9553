// The web chat widget in a real browser: Debian's headless Chromium driven by
// playwright-core opens the demo page, the visitor writes, tickets opens #1,
// an agent answers through the tickets internal API and the answer appears in
// the widget; typing and read marks both ways and the agent's chat presence
// with the agent on the gateway (its SSE stream of the ticket).
// Real: Chromium, the widget script, Kafka, the store, the services.
// Chromium comes from scripts/install-system-deps.sh (Debian's package).
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TOPICS } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  fetchJson,
  SseStream,
  startService,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';
import { ticketsService } from '../../services/tickets/src/app.module';

const CHROMIUM = '/usr/bin/chromium';

describe('the widget on the demo page (headless Chromium)', () => {
  const workspaceId = uniqueName('ws');
  let tickets: RunningService;
  let social: RunningService;
  let gateway: RunningService;
  let browser: Browser;
  let token = '';
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    tickets = await startService(ticketsService, {
      ...commonTestEnv('tickets'),
      TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [
        TOPICS.contactReceived.name,
        TOPICS.deliveryStatus.name,
      ]),
    });
    social = await startService(channelSocialService, {
      ...commonTestEnv('channel-social'),
      CHAT_WORKSPACES: workspaceId,
      CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat', [TOPICS.outboundRequested.name, TOPICS.chatSignals.name]),
      // Slack is on by default (teams come from admins); its consumer has no business in this test.
      SLACK_ENABLED: 'false',
    });
    const gatewayEnv = gatewayTestEnv();
    const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
    const workspaces = new WorkspaceRepository(connection);
    await connection.syncIndexes();
    await workspaces.ensureWorkspace(workspaceId, 'Sklep', workspaceId);
    await workspaces.createAgent({ workspaceId, email: 'ola@sklep.test', name: 'Ola', role: 'agent', password });
    await connection.close();
    gateway = await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl });
    const login = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: workspaceId, email: 'ola@sklep.test', password }),
    });
    token = login.body.accessToken;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await social?.close();
    await tickets?.close();
  });

  const ticketWhen = (description: string, ready: (ticket: Json) => boolean) =>
    waitFor(description, async () => {
      const { status, body } = await tickets.internalApi(workspaceId).fetch('tickets/1');
      return status === 200 && ready(body) ? body : null;
    });

  /** The agent's screen: the gateway, with Ola's token. */
  const agent = (method: string, path: string, body?: Json) =>
    fetchJson(`${gateway.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomBytes(8).toString('hex'),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** A new visitor (own localStorage) on the demo page, the widget open; whether it offers the live chat or the offline form. */
  async function newVisitor(): Promise<{ page: Page; online: boolean }> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${social.url}/chat/demo?workspace=${workspaceId}`);
    await page.click('#tl-chat-toggle');
    // Once the welcome came, the notice is hidden (online) or says nobody is there.
    const online = await waitFor('the welcome', async () => {
      const notice = page.locator('#tl-chat-notice');
      if ((await notice.getAttribute('style'))?.includes('none')) return 'online';
      return (await notice.textContent()) ? 'offline' : null;
    });
    return { page, online: online === 'online' };
  }

  it('offers the offline form while no agent is available, and the live chat once one is', async () => {
    const away = await newVisitor();
    expect(away.online).toBe(false);
    expect(await away.page.textContent('#tl-chat-notice')).toContain('Nasi konsultanci są teraz niedostępni');
    expect(await away.page.getAttribute('#tl-chat-email', 'placeholder')).toBe('E-mail (potrzebny do odpowiedzi)');
    await away.page.context().close();

    expect((await agent('PUT', '/chat/presence', { status: 'available' })).status).toBe(200);
    const here = await waitFor('a new visitor sees the live chat', async () => {
      const visitor = await newVisitor();
      if (visitor.online) return visitor;
      await visitor.page.context().close();
      return null;
    });
    expect(await here.page.isVisible('#tl-chat-notice')).toBe(false);
    await here.page.context().close();
  });

  it('from the first message to the agent’s reply with typing and read marks both ways, and all of it after a reload', async () => {
    const page = await browser.newPage();
    await page.goto(`${social.url}/chat/demo?workspace=${workspaceId}`);
    await page.click('#tl-chat-toggle');
    await page.fill('#tl-chat-name', 'Anna Nowak');
    await page.fill('#tl-chat-text', 'Dzień dobry, czy wysyłacie za granicę?');
    await page.click('#tl-chat-send');
    // The message loses its "sending" mark once the server acked it (after Kafka took the contact).
    await page.waitForSelector('#tl-chat-log p.visitor:not([data-pending])', { timeout: 15_000 });
    expect(await page.textContent('#tl-chat-send')).toBe('Wyślij');
    await ticketWhen('ticket #1 from the widget', (t) => t.channel === 'chat');

    const screen = await new SseStream().open(`${gateway.url}/api/v1/live?ticket=1`, { authorization: `Bearer ${token}` });
    try {
      await waitFor('the stream ready', () => screen.of('ready').length > 0);
      // The visitor types; the gateway's feed joins in the background, so keep typing as a visitor would.
      await waitFor(
        'the visitor typing on the agent’s screen',
        async () => {
          await page.type('#tl-chat-text', 'A ', { delay: 30 });
          return screen.of('chat.typing.v1').some((d) => (d.payload as Json).from === 'visitor');
        },
        { timeoutMs: 40_000, intervalMs: 2100 },
      );
      expect(screen.of('chat.typing.v1')[0]).toMatchObject({ number: 1 });

      expect((await agent('POST', '/tickets/1/typing')).status).toBe(202);
      await page.waitForSelector('#tl-chat-typing:has-text("Konsultant pisze…")', { timeout: 15_000 });

      const reply = await agent('POST', '/tickets/1/replies', { text: 'Tak, do całej Unii.' });
      expect(reply.status).toBe(201);
      await page.waitForSelector('#tl-chat-log p.agent:has-text("Tak, do całej Unii.")', { timeout: 20_000 });
      // The reply came: the agent no longer shows as typing.
      expect(await page.textContent('#tl-chat-typing')).toBe('');
      // The widget is open and the page visible: the visitor has seen the reply, and the agent's screen is told.
      const seen = await waitFor('the visitor’s read mark', () =>
        screen.of('chat.read.v1').find((d) => (d.payload as Json).reader === 'visitor'),
      );
      expect(seen).toMatchObject({ number: 1, payload: { lineId: reply.body.message.id } });

      expect(await page.locator('#tl-chat-log p.visitor[data-read]').count()).toBe(0);
      expect((await agent('POST', '/tickets/1/read')).status).toBe(202);
      await page.waitForSelector('#tl-chat-log p.visitor[data-read] .tl-read:has-text("Przeczytane")', { timeout: 15_000 });
    } finally {
      screen.close();
    }

    // Same visitor (localStorage) after a reload: the conversation comes back from the server, read mark included.
    await page.reload();
    await page.click('#tl-chat-toggle');
    await page.waitForSelector('#tl-chat-log p.agent:has-text("Tak, do całej Unii.")', { timeout: 15_000 });
    expect(await page.locator('#tl-chat-log p.visitor').count()).toBe(1);
    await page.waitForSelector('#tl-chat-log p.visitor[data-read] .tl-read', { timeout: 15_000 });
    await page.close();
  });

  it('a new visitor gets the offline form again once the agent is away', async () => {
    expect((await agent('PUT', '/chat/presence', { status: 'away' })).status).toBe(200);
    const away = await waitFor('a new visitor sees the offline form', async () => {
      const visitor = await newVisitor();
      if (!visitor.online) return visitor;
      await visitor.page.context().close();
      return null;
    });
    expect(await away.page.isVisible('#tl-chat-notice')).toBe(true);
    expect(await away.page.getAttribute('#tl-chat-email', 'placeholder')).toBe('E-mail (potrzebny do odpowiedzi)');
    await away.page.context().close();
  });

  it('speaks English on an English page', async () => {
    const page = await browser.newPage();
    await page.goto(`${social.url}/chat/demo?workspace=${workspaceId}&lang=en`);
    expect(await page.textContent('#tl-chat-toggle')).toBe('Chat with us');
    await page.close();
  });
});
