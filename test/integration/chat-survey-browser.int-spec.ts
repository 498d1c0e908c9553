// The chat's survey in a real browser: Debian's headless Chromium (see
// channel-social-chat-browser) on the demo page; the visitor chats, an agent
// closes the ticket, the widget asks in Polish and the visitor clicks a score;
// a visitor who ends the chat is asked on the end screen and can say "no more
// surveys". Real: Chromium, the widget script, Kafka, the store, tickets,
// channel-social.
import { chromium, type Browser, type Page } from 'playwright-core';
import { TOPICS } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  startGroupAtEnd,
  startService,
  ticketsInternalApi,
  uniqueName,
  type RunningService,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = { id: 'admin-ala', role: 'admin' } as const;
const NOTICE = { pl: 'Ocena jest dobrowolna i służy poprawie obsługi Sklepu Żółw.', en: 'Rating is voluntary.' };

describe('the survey on the widget (headless Chromium)', () => {
  const workspaceId = uniqueName('ws');
  let tickets: RunningService;
  let social: RunningService;
  let browser: Browser;

  beforeAll(async () => {
    const ticketsGroup = await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]);
    await startGroupAtEnd(`${ticketsGroup}.surveys`, [TOPICS.ticketEvents.name]);
    tickets = await startService(ticketsService, { ...commonTestEnv('tickets'), TICKETS_CONSUMER_GROUP: ticketsGroup });
    social = await startService(channelSocialService, {
      ...commonTestEnv('channel-social'),
      CHAT_WORKSPACES: workspaceId,
      CHAT_AGENTS_ONLINE: 'true',
      CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat', [TOPICS.outboundRequested.name, TOPICS.chatSignals.name]),
      SLACK_ENABLED: 'false',
      TICKETS_URL: tickets.internalUrl,
    });
    const saved = await tickets
      .internalApi(workspaceId, ADMIN)
      .fetch('surveys/settings', { method: 'PUT', body: { enabled: true, scale: 'csat', surveyNotice: NOTICE } });
    expect(saved.status).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await social?.close();
    await tickets?.close();
  });

  /** A new visitor on the Polish demo page who wrote `text`: acked, so the socket is open and ticket `number` exists. */
  async function chattingVisitor(number: number, text: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${social.url}/chat/demo?workspace=${workspaceId}`);
    await page.click('#tl-chat-toggle');
    await page.fill('#tl-chat-text', text);
    await page.click('#tl-chat-send');
    await page.waitForSelector('#tl-chat-log p.visitor:not([data-pending])', { timeout: 15_000 });
    await ticketsInternalApi(tickets, workspaceId).ticketWhen(`ticket #${number}`, (t) => t.channel === 'chat', number);
    return page;
  }

  it('asks in Polish once an agent closes the ticket, and takes the clicked score', async () => {
    const page = await chattingVisitor(1, 'Dzień dobry, czy kurtka jest w rozmiarze M?');
    const api = tickets.internalApi(workspaceId);
    expect((await api.fetch('tickets/1', { method: 'PATCH', body: { status: 'closed' } })).status).toBe(200);

    const question = await page.waitForSelector('#tl-chat-survey .tl-survey-question', { timeout: 20_000 });
    expect(await question.textContent()).toBe('Jak oceniasz obsługę zgłoszenia nr 1? (1 – bardzo źle, 5 – bardzo dobrze)');
    expect(await page.locator('#tl-chat-survey button[data-score]').allTextContents()).toEqual(['1', '2', '3', '4', '5']);
    expect(await page.textContent('#tl-chat-survey small')).toBe(NOTICE.pl);
    expect(await page.textContent('#tl-chat-survey .tl-survey-optout')).toBe('Nie chcę więcej ankiet');

    await page.click('#tl-chat-survey button[data-score="5"]');
    await page.waitForSelector('#tl-chat-survey[data-done] .tl-survey-status:has-text("Dziękujemy za ocenę!")', {
      timeout: 15_000,
    });
    expect(await page.locator('#tl-chat-survey button').count()).toBe(0);
    await page.context().close();
  });

  it('asks on the end screen when the visitor ends the chat, and takes "no more surveys"', async () => {
    const page = await chattingVisitor(2, 'Zamówienie 1234 nie dotarło.');
    await page.click('#tl-chat-end');
    await page.waitForSelector('#tl-chat-log p.note:has-text("Czat zakończony.")', { timeout: 15_000 });
    const question = await page.waitForSelector('#tl-chat-survey .tl-survey-question', { timeout: 15_000 });
    expect(await question.textContent()).toContain('Jak oceniasz obsługę zgłoszenia nr 2?');

    await page.click('#tl-chat-survey .tl-survey-optout');
    await page.waitForSelector('#tl-chat-survey[data-done] .tl-survey-status:has-text("Rozumiemy: nie będziemy więcej pytać.")', {
      timeout: 15_000,
    });
    await page.context().close();
  });
});
