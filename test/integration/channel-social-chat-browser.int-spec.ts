// The web chat widget in a real browser: Debian's headless Chromium driven by
// playwright-core opens the demo page, the visitor writes, tickets opens #1,
// an agent answers through the tickets internal API and the answer appears in
// the widget. Real: Chromium, the widget script, Kafka, the store, both services.
// Chromium comes from scripts/install-system-deps.sh (Debian's package).
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { TOPICS } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  fetchJson,
  startService,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const CHROMIUM = '/usr/bin/chromium';

describe('the widget on the demo page (headless Chromium)', () => {
  const workspaceId = uniqueName('ws');
  let tickets: RunningService;
  let social: RunningService;
  let browser: Browser;

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
      CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat', [TOPICS.outboundRequested.name]),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await social?.close();
    await tickets?.close();
  });

  const base = () => `${tickets.url}/internal/v1/workspaces/${workspaceId}`;
  const ticketWhen = (description: string, ready: (ticket: Json) => boolean) =>
    waitFor(description, async () => {
      const { status, body } = await fetchJson(`${base()}/tickets/1`);
      return status === 200 && ready(body) ? body : null;
    });

  it('from the first message to the agent’s reply, and the history after a reload', async () => {
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
    const reply = await fetchJson(`${base()}/tickets/1/replies`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-agent-id': 'agent-ola',
        'x-agent-role': 'agent',
        'idempotency-key': randomBytes(8).toString('hex'),
      },
      body: JSON.stringify({ text: 'Tak, do całej Unii.' }),
    });
    expect(reply.status).toBe(201);
    await page.waitForSelector('#tl-chat-log p.agent:has-text("Tak, do całej Unii.")', { timeout: 20_000 });

    // Same visitor (localStorage) after a reload: the conversation comes back from the server.
    await page.reload();
    await page.click('#tl-chat-toggle');
    await page.waitForSelector('#tl-chat-log p.agent:has-text("Tak, do całej Unii.")', { timeout: 15_000 });
    expect(await page.locator('#tl-chat-log p.visitor').count()).toBe(1);
    await page.close();
  });

  it('speaks English on an English page', async () => {
    const page = await browser.newPage();
    await page.goto(`${social.url}/chat/demo?workspace=${workspaceId}&lang=en`);
    expect(await page.textContent('#tl-chat-toggle')).toBe('Chat with us');
    await page.close();
  });
});
