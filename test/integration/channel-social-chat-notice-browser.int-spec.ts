// The chat widget's notice to visitors (RODO): the text the workspace's admin
// keeps in the tickets service's survey settings, read by channel-social with
// its service token, shown under the widget's form in the page's language.
// Real: Chromium (Debian's, see channel-social-chat-browser), the widget
// script, the store, tickets and channel-social.
import { chromium, type Browser } from 'playwright-core';
import { TOPICS } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  startService,
  uniqueName,
  waitFor,
  type RunningService,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = { id: 'admin-ala', role: 'admin' } as const;

describe("the widget's notice to visitors", () => {
  const workspaceId = uniqueName('ws');
  let tickets: RunningService;
  let social: RunningService;
  let browser: Browser;

  beforeAll(async () => {
    tickets = await startService(ticketsService, {
      ...commonTestEnv('tickets'),
      TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
    });
    social = await startService(channelSocialService, {
      ...commonTestEnv('channel-social'),
      CHAT_WORKSPACES: workspaceId,
      CHAT_CONSUMER_GROUP: await consumerGroupStartingNow('chat', [TOPICS.outboundRequested.name, TOPICS.chatSignals.name]),
      SLACK_ENABLED: 'false',
      TICKETS_URL: tickets.internalUrl,
      // Every hello reads the notice afresh, so the admin's change shows on the next visitor without waiting.
      CHAT_NOTICE_CACHE_MS: '0',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await social?.close();
    await tickets?.close();
  });

  /** A new visitor on the demo page in `lang`, the widget open: the notice once the welcome came. */
  async function noticeSeenIn(lang: 'pl' | 'en'): Promise<string> {
    const page = await (await browser.newContext()).newPage();
    try {
      await page.goto(`${social.url}/chat/demo?workspace=${workspaceId}&lang=${lang}`);
      await page.click('#tl-chat-toggle');
      return await waitFor('the notice under the form', async () => (await page.textContent('#tl-chat-privacy')) || null);
    } finally {
      await page.context().close();
    }
  }

  it("shows the platform's notice until the admin writes one, then the admin's, in the page's language", async () => {
    expect(await noticeSeenIn('pl')).toBe('Zapisujemy tę rozmowę i podane dane kontaktowe, aby odpowiedzieć na Twoje pytanie.');
    expect(await noticeSeenIn('en')).toBe(
      'We keep this conversation and the contact details you give us to answer your request.',
    );

    const chatNotice = {
      pl: 'Administratorem danych jest Sklep Żółw sp. z o.o. w Łodzi; szczegóły: sklep.test/prywatność.',
      en: 'Sklep Żółw Ltd. of Łódź controls your data; details: sklep.test/privacy.',
    };
    const saved = await tickets
      .internalApi(workspaceId, ADMIN)
      .fetch('surveys/settings', { method: 'PUT', body: { enabled: false, chatNotice } });
    expect(saved.status).toBe(200);

    expect(await noticeSeenIn('pl')).toBe(chatNotice.pl);
    expect(await noticeSeenIn('en')).toBe(chatNotice.en);
  });

  it('keeps the notice route for services: an agent is refused', async () => {
    expect((await tickets.internalApi(workspaceId).fetch('surveys/chat-notice')).status).toBe(403);
  });
});
