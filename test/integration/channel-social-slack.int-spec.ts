// Slack for real: Events API requests signed as Slack signs them into
// channel-social, Kafka, the tickets service, and agents' replies posted back
// into the Slack thread through a local stand-in of chat.postMessage.
// Real: Kafka, the store, both services, @slack/bolt's verification and
// @slack/web-api's WebClient. Stood in: Slack's servers (SlackStandIn).
import { randomBytes } from 'node:crypto';
import { TOPICS } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  fetchJson,
  type Json,
  messageCallback,
  newTs,
  postSlackEvent,
  type RunningService,
  SlackStandIn,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  inboundMessages,
  ticketsInternalApi,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const SIGNING_SECRET = randomBytes(16).toString('hex');

/** One Slack team and workspace per test, so each test's first ticket is #1. */
const teams = Array.from({ length: 11 }, (_, i) => ({
  teamId: `T0TEAM${String(i).padStart(3, '0')}`,
  workspaceId: uniqueName('ws'),
  botToken: `xoxb-${randomBytes(6).toString('hex')}-${i}`,
  signingSecret: SIGNING_SECRET,
  supportChannels: [`C0HELP${String(i).padStart(3, '0')}`],
}));
let nextTeam = 0;
const takeTeam = () => {
  const team = teams[nextTeam++];
  return { ...team, channel: team.supportChannels[0] };
};
let userCounter = 0;
const newUser = () => `U0CUST${String(userCounter++).padStart(4, '0')}`;

const brokers = testInfra().kafkaBrokers.split(',');
const probe = new EventProbe(brokers);
const slack = new SlackStandIn(new Set(teams.map((t) => t.botToken)));
let tickets: RunningService;
let social: RunningService;

beforeAll(async () => {
  await slack.start();
  await probe.start([TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]);
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  social = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    SLACK_WORKSPACES: JSON.stringify(teams),
    SLACK_API_BASE_URL: slack.url,
    SLACK_RETRY_DELAY_MS: '50',
    SLACK_TIMEOUT_MS: '3000',
    SLACK_CONSUMER_GROUP: await consumerGroupStartingNow('slack', [TOPICS.outboundRequested.name]),
  });
});

afterAll(async () => {
  await social?.close();
  await tickets?.close();
  await probe.stop();
  await slack.stop();
});

const event = (body: object, options?: Parameters<typeof postSlackEvent>[3]) =>
  postSlackEvent(social.url, body, SIGNING_SECRET, options);

const ticketApi = (workspaceId: string) => ticketsInternalApi(tickets, workspaceId);

const inbound = inboundMessages;
const contactsOf = (workspaceId: string) => probe.contactsOf(workspaceId);
const contactsWhen = (workspaceId: string, n: number) => probe.contactsWhen(workspaceId, n);

it('answers Slack’s url_verification with the challenge, only when signed', async () => {
  const body = {
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    type: 'url_verification',
  };
  const answer = await event(body);
  expect(answer.status).toBe(200);
  expect(answer.json).toEqual({ challenge: body.challenge });
  expect((await postSlackEvent(social.url, body, 'not-our-signing-secret')).status).toBe(403);
});

it('turns a support-channel message into a ticket, joins a thread reply to it, and posts the agent’s reply in the thread', async () => {
  const team = takeTeam();
  const user = newUser();
  const api = ticketApi(team.workspaceId);
  const rootTs = newTs();

  const answer = await event(
    messageCallback(team.teamId, {
      channel: team.channel,
      user,
      text: 'Nie mogę się zalogować, pomocy! Zażółć gęślą jaźń',
      ts: rootTs,
    }),
  );
  expect(answer.status).toBe(200);
  const [contact] = await contactsWhen(team.workspaceId, 1);
  expect(contact.payload).toMatchObject({
    channel: 'slack',
    providerMessageId: `${team.channel}:${rootTs}`,
    from: [{ kind: 'slack', value: user, teamId: team.teamId }],
    recipient: team.channel,
    thread: { providerThreadId: `${team.channel}:${rootTs}` },
  });
  await api.timelineWhen('ticket #1', (t) => inbound(t).length === 1);

  // A reply in the Slack thread joins the same ticket.
  await event(messageCallback(team.teamId, { channel: team.channel, user, text: 'Wciąż nie działa', thread_ts: rootTs }));
  const timeline = await api.timelineWhen('the thread reply on ticket #1', (t) => inbound(t).length === 2);
  expect(inbound(timeline).map((e) => e.text)).toEqual(['Nie mogę się zalogować, pomocy! Zażółć gęślą jaźń', 'Wciąż nie działa']);
  expect((await api.get('/tickets')).body.items).toHaveLength(1);

  const replyId = (await api.reply(1, 'Zresetowaliśmy hasło — spróbuj teraz 🙂')).body.message.id as string;
  const request = await waitFor('the post at Slack', () => slack.in(team.channel)[0]);
  expect(request.authorization).toBe(`Bearer ${team.botToken}`);
  expect(request.args).toMatchObject({
    channel: team.channel,
    thread_ts: rootTs,
    text: 'Zresetowaliśmy hasło — spróbuj teraz 🙂',
  });
  const sent = await probe.waitForEvent(
    'delivery sent',
    (e) => e.type === 'delivery.updated.v1' && (e.payload as Json).messageId === replyId,
  );
  expect(sent.payload).toMatchObject({
    channel: 'slack',
    status: 'sent',
    providerMessageId: `${team.channel}:${request.ts}`,
    reason: null,
  });
  await api.timelineWhen('the reply sent', (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'sent');

  // Slack sends our own post back as a bot message event: no contact.
  await event(
    messageCallback(team.teamId, {
      channel: team.channel,
      text: 'Zresetowaliśmy hasło — spróbuj teraz 🙂',
      thread_ts: rootTs,
      ts: request.ts!,
      bot_id: 'B0OURBOT',
      subtype: 'bot_message',
    }),
  );
  await event(messageCallback(team.teamId, { channel: team.channel, user, text: 'Działa, dzięki!', thread_ts: rootTs }));
  const last = await api.timelineWhen('the thanks on ticket #1', (t) => inbound(t).length === 3);
  expect(
    inbound(last)
      .map((e) => e.text)
      .at(-1),
  ).toBe('Działa, dzięki!');
  expect(slack.in(team.channel)).toHaveLength(1);
});

it('publishes one contact for a retried event (same event_id) but never drops a retry whose first delivery failed', async () => {
  const team = takeTeam();
  const user = newUser();
  const body = messageCallback(team.teamId, { channel: team.channel, user, text: 'Gdzie moja faktura?' });
  expect((await event(body)).status).toBe(200);
  await contactsWhen(team.workspaceId, 1);
  expect((await event(body, { retryNum: 1 })).status).toBe(200);
  expect((await event(body, { retryNum: 2 })).status).toBe(200);

  // This one's first delivery never reached us (only the retry arrives): it is published.
  const onlyRetry = messageCallback(team.teamId, { channel: team.channel, user, text: 'Halo? Ponawiam.' });
  expect((await event(onlyRetry, { retryNum: 1 })).status).toBe(200);
  const contacts = await contactsWhen(team.workspaceId, 2);
  await new Promise((r) => setTimeout(r, 300));
  expect(contactsOf(team.workspaceId).map((e) => e.payload.text)).toEqual(['Gdzie moja faktura?', 'Halo? Ponawiam.']);
  expect(contacts).toHaveLength(2);
});

it('refuses a stale or far-future timestamp (401) and a forged signature (403), publishing nothing', async () => {
  const team = takeTeam();
  const user = newUser();
  const body = messageCallback(team.teamId, { channel: team.channel, user, text: 'Zwróćcie mi pieniądze' });
  const stale = await event(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
  expect(stale.status).toBe(401);
  expect(stale.headers.get('x-slack-no-retry')).toBe('1');
  expect((await event(body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);
  expect((await postSlackEvent(social.url, body, 'forged-signing-secret-0000')).status).toBe(403);
  expect((await event(body, { signature: 'v0=deadbeef' })).status).toBe(403);

  const genuine = messageCallback(team.teamId, { channel: team.channel, user, text: 'To ja, naprawdę' });
  expect((await event(genuine)).status).toBe(200);
  expect((await contactsWhen(team.workspaceId, 1)).map((e) => e.payload.text)).toEqual(['To ja, naprawdę']);
  const metrics = await (await fetch(`${social.url}/metrics`)).text();
  expect(metrics).toMatch(
    /threadline_social_webhooks_rejected_total\{channel="slack",reason="stale",service="channel-social"\} [1-9]/,
  );
});

it('ignores edits, bot messages and channels that are not for support', async () => {
  const team = takeTeam();
  const user = newUser();
  const ts = newTs();
  await event(messageCallback(team.teamId, { channel: 'C0RANDOM', user, text: 'Kto idzie na lunch?' }));
  await event(
    messageCallback(team.teamId, { channel: team.channel, text: 'Deploy finished', bot_id: 'B0CIBOT', subtype: 'bot_message' }),
  );
  await event({
    ...messageCallback(team.teamId, { channel: team.channel, text: '', subtype: 'message_changed' }),
    event: {
      type: 'message',
      subtype: 'message_changed',
      channel: team.channel,
      hidden: true,
      ts: newTs(),
      message: { type: 'message', user, text: 'Poprawiona treść', ts, edited: { user, ts: newTs() } },
      previous_message: { type: 'message', user, text: 'Stara treść', ts },
    },
  });
  await event(messageCallback(team.teamId, { channel: team.channel, user, text: 'Prawdziwe pytanie' }));
  expect((await contactsWhen(team.workspaceId, 1)).map((e) => e.payload.text)).toEqual(['Prawdziwe pytanie']);
  await new Promise((r) => setTimeout(r, 300));
  expect(contactsOf(team.workspaceId)).toHaveLength(1);
});

it('takes a blocks-only message and files of every kind onto the ticket, naming a file Slack gives no URL for', async () => {
  const team = takeTeam();
  const user = newUser();
  const base = messageCallback(team.teamId, { channel: team.channel, user, text: '', subtype: 'file_share' }) as {
    event: Record<string, unknown>;
  };
  const file = (id: string, name: string, mimetype: string) => ({
    id,
    name,
    title: name,
    mimetype,
    size: 2048,
    mode: 'hosted',
    url_private: `https://files.slack.com/files-pri/${team.teamId}-${id}/${encodeURIComponent(name)}`,
  });
  await event({
    ...base,
    event: {
      ...base.event,
      blocks: [
        {
          type: 'rich_text',
          block_id: 'a1B2',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'Zamówienie nie dotarło ' },
                { type: 'emoji', name: 'package', unicode: '1f4e6' },
              ],
            },
          ],
        },
      ],
      files: [
        file('F0PHOTO', 'zdjęcie paczki.jpg', 'image/jpeg'),
        file('F0CANVAS', 'Notatki', 'application/vnd.slack-docs'),
        // From a Slack Connect user of another organisation: Slack sends only the id.
        { id: 'F0EXTERN', mode: 'file_access', file_access: 'check_file_info' },
      ],
    },
  });
  const [entry] = inbound(
    await ticketApi(team.workspaceId).timelineWhen('the message on ticket #1', (t) => inbound(t).length === 1),
  );
  expect(entry.text).toBe('Zamówienie nie dotarło 📦\n[Plik niedostępny: F0EXTERN]');
  expect((entry.attachments as Json[]).map((a) => [a.filename, a.contentType])).toEqual([
    ['zdjęcie paczki.jpg', 'image/jpeg'],
    ['Notatki', 'application/vnd.slack-docs'],
  ]);
});

it('answers 200 to event types it does not take, rate limiting, lost access and request types Slack adds later', async () => {
  const team = takeTeam();
  const user = newUser();
  const wrapped = (inner: object) => ({
    ...messageCallback(team.teamId, { channel: team.channel, user, text: '' }),
    event: inner,
  });
  const answers = await Promise.all([
    event(
      wrapped({
        type: 'reaction_added',
        user,
        reaction: 'thumbsup',
        item: { type: 'message', channel: team.channel, ts: newTs() },
      }),
    ),
    event(wrapped({ type: 'member_joined_channel', user, channel: team.channel, event_ts: newTs() })),
    event(wrapped({ type: 'tokens_revoked', tokens: { oauth: [], bot: ['U0OURBOT'] } })),
    event(wrapped({ type: 'app_uninstalled' })),
    event(messageCallback(team.teamId, { channel: team.channel, user, text: 'dołączył', subtype: 'channel_join' })),
    event({
      token: 'XXYYZZ',
      team_id: team.teamId,
      minute_rate_limited: 1780000000,
      api_app_id: 'A0THREADLN',
      type: 'app_rate_limited',
    }),
    event({ token: 'XXYYZZ', team_id: team.teamId, api_app_id: 'A0THREADLN', type: 'something_new' }),
  ]);
  expect(answers.map((a) => [a.status, a.json])).toEqual(Array.from({ length: 7 }, () => [200, { ok: true }]));
  await event(messageCallback(team.teamId, { channel: team.channel, user, text: 'A to jest pytanie' }));
  expect((await contactsWhen(team.workspaceId, 1)).map((e) => e.payload.text)).toEqual(['A to jest pytanie']);
  await new Promise((r) => setTimeout(r, 300));
  expect(contactsOf(team.workspaceId)).toHaveLength(1);
  const metrics = await (await fetch(`${social.url}/metrics`)).text();
  expect(metrics).toMatch(
    /threadline_social_events_received_total\{channel="slack",outcome="rate-limited",service="channel-social"\} 1/,
  );
});

it('cuts a text longer than we keep, and refuses a body over the limit with 413 and X-Slack-No-Retry', async () => {
  const team = takeTeam();
  const user = newUser();
  const long = 'Dzień dobry, nie działa ❗ '.repeat(2000);
  await event(messageCallback(team.teamId, { channel: team.channel, user, text: long }));
  const [entry] = inbound(
    await ticketApi(team.workspaceId).timelineWhen('the long message on ticket #1', (t) => inbound(t).length === 1),
  );
  expect([...(entry.text as string)]).toHaveLength(40_000);
  expect(entry.text).toMatch(new RegExp(`… \\[skrócono, całość: ${[...long].length} znaków\\]$`));

  const huge = await event(messageCallback(team.teamId, { channel: team.channel, user, text: 'x'.repeat(1_100_000) }));
  expect(huge.status).toBe(413);
  expect(huge.headers.get('x-slack-no-retry')).toBe('1');
  await new Promise((r) => setTimeout(r, 300));
  expect(contactsOf(team.workspaceId)).toHaveLength(1);
  const metrics = await (await fetch(`${social.url}/metrics`)).text();
  expect(metrics).toMatch(
    /threadline_social_webhooks_rejected_total\{channel="slack",reason="too-large",service="channel-social"\} 1/,
  );
});

it('fails a reply Slack refuses (channel_not_found) at once with Slack’s reason', async () => {
  const team = takeTeam();
  const user = newUser();
  const api = ticketApi(team.workspaceId);
  slack.answerFor(team.channel, { status: 200, body: { ok: false, error: 'channel_not_found' } });
  await event(messageCallback(team.teamId, { channel: team.channel, user, text: 'Pomocy' }));
  await api.timelineWhen('ticket #1', (t) => inbound(t).length === 1);
  const replyId = (await api.reply(1, 'Już pomagamy')).body.message.id as string;
  const timeline = await api.timelineWhen(
    'the reply failed',
    (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'failed',
  );
  expect(timeline.find((e) => e.id === replyId).delivery.error).toBe('Slack: channel_not_found');
  expect(slack.in(team.channel)).toHaveLength(1);
});

it('answers 200 to an event from a team no workspace owns, and reports its consumer on /health', async () => {
  const answer = await event(messageCallback('T0STRANGER', { channel: 'C0HELP000', user: newUser(), text: 'Pomyłka' }));
  expect(answer.status).toBe(200);
  const health = await fetchJson(`${social.url}/health`);
  expect(health.status).toBe(200);
  expect(Object.keys(health.body.checks)).toEqual(expect.arrayContaining([expect.stringMatching(/^consumer:slack_/)]));
});
