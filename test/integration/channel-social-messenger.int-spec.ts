// Messenger for real: webhooks signed as Meta signs them into channel-social,
// Kafka, the tickets service, and agents' replies out to a local stand-in of
// the Graph API Send endpoint, with Meta's delivery receipts back onto the
// timeline. Real: Kafka, the store, both services, messaging-api-messenger.
// Stood in: Meta's servers (MetaStandIn).
import { randomBytes, randomInt } from 'node:crypto';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  fetchJson,
  type Json,
  metaEscapedJson,
  metaSign,
  MetaStandIn,
  newMid,
  pageWebhook,
  postMessengerWebhook,
  type RunningService,
  startService,
  testInfra,
  testPublisher,
  textEvent,
  uniqueName,
  waitFor,
  inboundMessages,
  ticketsInternalApi,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const APP_SECRET = randomBytes(16).toString('hex');
const VERIFY_TOKEN = randomBytes(12).toString('hex');
const GRAPH_VERSION = 'v21.0';

/** One Page and workspace per test, so each test’s first ticket is #1 (the last one is a stranger’s); all Pages belong to one Meta app. */
const pages = Array.from({ length: 18 }, (_, i) => ({
  pageId: `10485760012${String(i).padStart(4, '0')}`,
  workspaceId: uniqueName('ws'),
  pageAccessToken: `EAAG${randomBytes(24).toString('hex')}`,
  appSecret: APP_SECRET,
}));
let nextPage = 0;
const takePage = () => pages[nextPage++];
/** A page-scoped id nobody else in this run uses. */
const newPsid = () => `${randomInt(1_000_000, 9_999_999)}${randomInt(1_000_000_000, 9_999_999_999)}`;

const brokers = testInfra().kafkaBrokers.split(',');
const probe = new EventProbe(brokers);
const publisher = testPublisher('tickets');
const meta = new MetaStandIn(new Map(pages.map((p) => [p.pageAccessToken, p.appSecret])));
let tickets: RunningService;
let social: RunningService;

beforeAll(async () => {
  await meta.start();
  await probe.start([TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]);
  await publisher.connect();
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  social = await startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    MESSENGER_PAGES: JSON.stringify(pages),
    MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
    MESSENGER_API_BASE_URL: meta.url,
    MESSENGER_GRAPH_VERSION: GRAPH_VERSION,
    MESSENGER_RETRY_DELAY_MS: '50',
    MESSENGER_TIMEOUT_MS: '3000',
    MESSENGER_CONSUMER_GROUP: await consumerGroupStartingNow('messenger', [TOPICS.outboundRequested.name]),
    // Slack is on by default (teams come from admins); its consumer has no business in this test.
    SLACK_ENABLED: 'false',
  });
});

afterAll(async () => {
  await social?.close();
  await tickets?.close();
  await publisher.disconnect();
  await probe.stop();
  await meta.stop();
});

const webhook = (body: object, options?: Parameters<typeof postMessengerWebhook>[3]) =>
  postMessengerWebhook(social.url, body, APP_SECRET, options);

const ticketApi = (workspaceId: string) => ticketsInternalApi(tickets, workspaceId);

const inbound = inboundMessages;
const contactsOf = (workspaceId: string) => probe.contactsOf(workspaceId);
const contactsWhen = (workspaceId: string, n: number) => probe.contactsWhen(workspaceId, n);
const deliveriesOf = (messageId: string) =>
  probe.events().filter((e) => e.type === 'delivery.updated.v1' && (e.payload as Json).messageId === messageId);

it('answers Meta’s subscription check only with our verify token', async () => {
  const check = (token: string, mode = 'subscribe') =>
    fetch(`${social.url}/webhooks/messenger?hub.mode=${mode}&hub.verify_token=${token}&hub.challenge=1158201444`);
  const ok = await check(VERIFY_TOKEN);
  expect(ok.status).toBe(200);
  expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(await ok.text()).toBe('1158201444');
  const refused = await check('not-our-token');
  expect(refused.status).toBe(403);
  // The refusal is JSON, and says so.
  expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await refused.json()).toMatchObject({ code: 'BAD_VERIFY_TOKEN' });
  expect((await check(VERIFY_TOKEN, 'unsubscribe')).status).toBe(403);
});

it('holds a Messenger conversation: message → ticket → agent reply through the Send API → delivered', async () => {
  const page = takePage();
  const psid = newPsid();
  const api = ticketApi(page.workspaceId);
  const mid = newMid();

  const text = 'Dzień dobry, gdzie jest moje zamówienie? Zażółć gęślą jaźń 📦';
  const answer = await webhook(
    pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, psid, text, Date.now(), mid)] }),
  );
  expect(answer.status).toBe(200);
  // Durable before the 200: the contact is already on Kafka.
  const contact = (await probe.waitForEvent(
    'the contact on Kafka',
    (e) => e.type === 'contact.received.v1' && e.workspaceId === page.workspaceId,
    5000,
  )) as TypedEnvelope<'contact.received.v1'>;
  expect(contact.payload).toMatchObject({
    channel: 'messenger',
    providerMessageId: mid,
    from: [{ kind: 'messenger', value: psid, pageId: page.pageId }],
    recipient: page.pageId,
    text,
    thread: { providerThreadId: null },
  });

  const first = await api.timelineWhen('ticket #1 with the message', (t) => inbound(t).length === 1);
  expect(inbound(first)[0]).toMatchObject({ channel: 'messenger', text });

  const reply = await api.reply(1, 'Paczka wyjechała dziś. Pozdrawiamy, zespół Łódź 😊');
  expect(reply.status).toBe(201);
  const replyId = reply.body.message.id as string;

  const request = await waitFor('the message at the Send API', () => meta.to(psid)[0]);
  expect(request).toMatchObject({
    version: GRAPH_VERSION,
    accessToken: page.pageAccessToken,
    body: {
      messaging_type: 'RESPONSE',
      recipient: { id: psid },
      message: { text: 'Paczka wyjechała dziś. Pozdrawiamy, zespół Łódź 😊' },
    },
  });
  expect(request.body.tag).toBeUndefined();
  const sent = await probe.waitForEvent(
    'delivery sent',
    (e) => e.type === 'delivery.updated.v1' && (e.payload as Json).messageId === replyId,
  );
  expect(sent.payload).toMatchObject({
    channel: 'messenger',
    status: 'sent',
    providerMessageId: request.messageId,
    reason: null,
  });
  await api.timelineWhen('the reply sent', (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'sent');

  // Another workspace's Page sends a receipt naming our message's id: it changes nothing.
  const stranger = pages[pages.length - 1];
  const forged = {
    sender: { id: newPsid() },
    recipient: { id: stranger.pageId },
    timestamp: Date.now(),
    delivery: { mids: [request.messageId], watermark: Date.now() },
  };
  expect((await webhook(pageWebhook({ pageId: stranger.pageId, messaging: [forged] }))).status).toBe(200);
  // A marker on the reply's partition after it: once the marker is seen, anything the receipt published would have been too.
  const marker = `marker-${randomBytes(6).toString('hex')}`;
  await publisher.publish('delivery.updated.v1', {
    workspaceId: stranger.workspaceId,
    key: replyId,
    payload: { channel: 'messenger', messageId: marker, status: 'sent', reason: null, at: new Date().toISOString() },
  });
  await waitFor('the marker', () => deliveriesOf(marker)[0]);
  expect(deliveriesOf(replyId).map((e) => (e.payload as Json).status)).toEqual(['sent']);

  // Meta's echo of our own message and its delivery receipt, as Meta sends them.
  const echo = {
    sender: { id: page.pageId },
    recipient: { id: psid },
    timestamp: Date.now(),
    message: { mid: request.messageId, is_echo: true, app_id: 1517776481860111, text: request.body.message?.text },
  };
  const delivery = {
    sender: { id: psid },
    recipient: { id: page.pageId },
    timestamp: Date.now(),
    delivery: { mids: [request.messageId], watermark: Date.now() },
  };
  expect((await webhook(pageWebhook({ pageId: page.pageId, messaging: [echo, delivery] }))).status).toBe(200);
  const done = await api.timelineWhen(
    'the reply delivered',
    (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'delivered',
  );
  expect(inbound(done)).toHaveLength(1); // the echo is no contact
  expect(meta.to(psid)).toHaveLength(1);
});

it('handles every entry and every event of a batched POST (2 Pages × 2 events)', async () => {
  const [a, b] = [takePage(), takePage()];
  const [psidA, psidB] = [newPsid(), newPsid()];
  const body = pageWebhook(
    {
      pageId: a.pageId,
      messaging: [textEvent(a.pageId, psidA, 'Pierwsza wiadomość'), textEvent(a.pageId, psidA, 'Druga wiadomość')],
    },
    {
      pageId: b.pageId,
      messaging: [
        textEvent(b.pageId, psidB, 'Reklamacja butów'),
        {
          sender: { id: psidB },
          recipient: { id: b.pageId },
          timestamp: Date.now(),
          postback: { title: 'Porozmawiaj z konsultantem', payload: 'HUMAN_AGENT' },
        },
      ],
    },
  );
  expect((await webhook(body)).status).toBe(200);
  // All four on Kafka by the time Meta got its 200.
  expect((await contactsWhen(a.workspaceId, 2)).map((e) => e.payload.text)).toEqual(['Pierwsza wiadomość', 'Druga wiadomość']);
  expect((await contactsWhen(b.workspaceId, 2)).map((e) => e.payload.text)).toEqual([
    'Reklamacja butów',
    'Porozmawiaj z konsultantem',
  ]);
  expect(contactsOf(b.workspaceId)[1].payload.providerMessageId).toMatch(/^postback:/);

  const timelineA = await ticketApi(a.workspaceId).timelineWhen('both on ticket #1 of A', (t) => inbound(t).length === 2);
  expect(inbound(timelineA).map((e) => e.text)).toEqual(['Pierwsza wiadomość', 'Druga wiadomość']);
  await ticketApi(b.workspaceId).timelineWhen('both on ticket #1 of B', (t) => inbound(t).length === 2);
});

it('checks the signature over the raw bytes: Polish letters escaped by Meta pass, a re-serialised signature does not', async () => {
  const page = takePage();
  const psid = newPsid();
  const body = pageWebhook({
    pageId: page.pageId,
    messaging: [textEvent(page.pageId, psid, 'Zwrot: źdźbło, łąka, gęś, żółć — Kraków/Łódź')],
  });
  const raw = metaEscapedJson(body);
  expect(raw).toContain('\\u017a'); // ź, as Meta sends it
  expect(raw).toContain('\\/');

  // Signed over what re-serialising the parsed body gives (UTF-8, unescaped): not what Meta signed.
  const reserialised = await webhook(body, { raw, signature: metaSign(APP_SECRET, JSON.stringify(JSON.parse(raw))) });
  expect(reserialised.status).toBe(403);
  expect(contactsOf(page.workspaceId)).toHaveLength(0);

  expect((await webhook(body, { raw })).status).toBe(200);
  expect((await contactsWhen(page.workspaceId, 1)).map((e) => e.payload.text)).toEqual([
    'Zwrot: źdźbło, łąka, gęś, żółć — Kraków/Łódź',
  ]);
  const timeline = await ticketApi(page.workspaceId).timelineWhen('ticket #1', (t) => inbound(t).length === 1);
  expect(inbound(timeline)[0].text).toBe('Zwrot: źdźbło, łąka, gęś, żółć — Kraków/Łódź');
});

it('refuses a forged, altered or unsigned webhook with 403 and publishes nothing', async () => {
  const page = takePage();
  const psid = newPsid();
  const body = pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, psid, 'Proszę o zwrot pieniędzy')] });
  expect((await postMessengerWebhook(social.url, body, 'another-apps-secret-000')).status).toBe(403);
  const altered = metaEscapedJson(body).replace('zwrot', 'przelew');
  expect((await webhook(body, { raw: altered, signature: metaSign(APP_SECRET, metaEscapedJson(body)) })).status).toBe(403);
  expect((await webhook(body, { signature: null })).status).toBe(403);
  expect((await webhook(body, { signature: 'sha1=abc' })).status).toBe(403);

  const genuine = pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, psid, 'To ja, naprawdę')] });
  expect((await webhook(genuine)).status).toBe(200);
  expect((await contactsWhen(page.workspaceId, 1)).map((e) => e.payload.text)).toEqual(['To ja, naprawdę']);
});

it('makes one contact of a message Meta delivers twice (same mid), even at once', async () => {
  const page = takePage();
  const psid = newPsid();
  const api = ticketApi(page.workspaceId);
  const mid = newMid();
  const body = pageWebhook({
    pageId: page.pageId,
    messaging: [textEvent(page.pageId, psid, 'Czy mogę zmienić adres?', Date.now(), mid)],
  });

  const [x, y] = await Promise.all([webhook(body), webhook(body)]);
  expect([x.status, y.status]).toEqual([200, 200]);
  expect((await webhook(body)).status).toBe(200);
  expect(
    (await webhook(pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, psid, 'Nowy adres: ul. Długa 5')] })))
      .status,
  ).toBe(200);
  const timeline = await api.timelineWhen('both messages on ticket #1', (t) =>
    inbound(t).some((e) => e.text === 'Nowy adres: ul. Długa 5'),
  );
  expect(inbound(timeline).map((e) => e.text)).toEqual(['Czy mogę zmienić adres?', 'Nowy adres: ul. Długa 5']);
  // Each delivery is published again (the webhook writes nothing to the store), always under the one event id
  // derived from the mid, which the tickets service records once.
  const copies = contactsOf(page.workspaceId).filter((e) => e.payload.providerMessageId === mid);
  expect(copies.length).toBeGreaterThanOrEqual(1);
  expect(new Set(copies.map((e) => e.id)).size).toBe(1);
});

it('handles the same mid twice in one POST once', async () => {
  const page = takePage();
  const psid = newPsid();
  const api = ticketApi(page.workspaceId);
  const mid = newMid();
  const event = textEvent(page.pageId, psid, 'Podwójnie wysłane', Date.now(), mid);
  expect((await webhook(pageWebhook({ pageId: page.pageId, messaging: [event, event] }))).status).toBe(200);
  await api.timelineWhen('the message on ticket #1', (t) => inbound(t).length === 1);
  expect(contactsOf(page.workspaceId).filter((e) => e.payload.providerMessageId === mid)).toHaveLength(1);
  const metrics = await (await fetch(`${social.url}/metrics`)).text();
  expect(metrics).toMatch(
    /threadline_social_events_received_total\{channel="messenger",outcome="duplicate",service="channel-social"\} [1-9]/,
  );
});

it('answers 200 to a webhook for a Page no workspace owns, and publishes nothing', async () => {
  const before = probe.events().length;
  const stranger = '999999999999999';
  const answer = await webhook(pageWebhook({ pageId: stranger, messaging: [textEvent(stranger, newPsid(), 'Pomyłka?')] }));
  expect(answer.status).toBe(200);
  await new Promise((r) => setTimeout(r, 300));
  expect(
    probe
      .events()
      .slice(before)
      .filter((e) => e.type === 'contact.received.v1' && (e.payload as Json).recipient === stranger),
  ).toHaveLength(0);
  const metrics = await (await fetch(`${social.url}/metrics`)).text();
  expect(metrics).toMatch(
    /threadline_social_events_received_total\{channel="messenger",outcome="unknown-page",service="channel-social"\} [1-9]/,
  );
});

it('makes no contact of echoes, reads and receipts of messages that are not ours', async () => {
  const page = takePage();
  const psid = newPsid();
  const now = Date.now();
  const body = pageWebhook({
    pageId: page.pageId,
    messaging: [
      // An admin answering in Meta's inbox: echoed to us, but not the customer speaking.
      {
        sender: { id: page.pageId },
        recipient: { id: psid },
        timestamp: now,
        message: { mid: newMid(), is_echo: true, app_id: 263902037430900, text: 'Odpisuję z Meta Business Suite' },
      },
      { sender: { id: psid }, recipient: { id: page.pageId }, timestamp: now, read: { watermark: now } },
      { sender: { id: psid }, recipient: { id: page.pageId }, delivery: { mids: [newMid()], watermark: now } },
    ],
  });
  // A receipt for a mid we never sent (another app's message) finds nothing and is ignored.
  expect((await webhook(body)).status).toBe(200);
  expect(
    (await webhook(pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, psid, 'A teraz ja')] }))).status,
  ).toBe(200);
  expect((await contactsWhen(page.workspaceId, 1)).map((e) => e.payload.text)).toEqual(['A teraz ja']);
  await new Promise((r) => setTimeout(r, 300));
  expect(contactsOf(page.workspaceId)).toHaveLength(1);
});

it('takes the good events of a POST mixed with events it does not take and broken ones, and answers 200', async () => {
  const page = takePage();
  const psid = newPsid();
  const now = Date.now();
  const from = { sender: { id: psid }, recipient: { id: page.pageId }, timestamp: now };
  const body = {
    object: 'page',
    entry: [
      {
        id: page.pageId,
        time: now,
        messaging: [
          textEvent(page.pageId, psid, 'Pierwsza dobra'),
          { ...from, reaction: { mid: newMid(), action: 'react', reaction: 'love', emoji: '❤️' } },
          { ...from, message_edit: { mid: newMid(), text: 'Poprawione', num_edit: 1 } },
          { ...from, optin: { type: 'notification_messages', payload: 'ZGODA', notification_messages_token: 'tok' } },
          { ...from, referral: { ref: 'zima', source: 'SHORTLINK', type: 'OPEN_THREAD' } },
          // Broken: no sender.
          { recipient: { id: page.pageId }, timestamp: now, message: { mid: newMid(), text: 'Bez nadawcy' } },
          textEvent(page.pageId, psid, 'Druga dobra'),
        ],
        standby: [textEvent(page.pageId, psid, 'Rozmowa innej aplikacji')],
      },
      { id: page.pageId, time: now, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add' } }] },
    ],
  };
  expect(await webhook(body)).toEqual({ status: 200, text: 'EVENT_RECEIVED' });
  expect((await contactsWhen(page.workspaceId, 2)).map((e) => e.payload.text)).toEqual(['Pierwsza dobra', 'Druga dobra']);
  const timeline = await ticketApi(page.workspaceId).timelineWhen('both on ticket #1', (t) => inbound(t).length === 2);
  expect(inbound(timeline).map((e) => e.text)).toEqual(['Pierwsza dobra', 'Druga dobra']);
  await new Promise((r) => setTimeout(r, 300));
  expect(contactsOf(page.workspaceId)).toHaveLength(2);
  const metrics = await (await fetch(`${social.url}/metrics`)).text();
  expect(metrics).toMatch(
    /threadline_social_events_received_total\{channel="messenger",outcome="malformed",service="channel-social"\} [1-9]/,
  );
  expect(metrics).toMatch(
    /threadline_social_events_received_total\{channel="messenger",outcome="ignored",service="channel-social"\} ([6-9]|\d\d)/,
  );
});

it('cuts a text longer than we keep and puts it on the ticket with the marker', async () => {
  const page = takePage();
  const long = 'Zażółć gęślą jaźń 📦 '.repeat(2500);
  expect((await webhook(pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, newPsid(), long)] }))).status).toBe(
    200,
  );
  const [entry] = inbound(
    await ticketApi(page.workspaceId).timelineWhen('the long message on ticket #1', (t) => inbound(t).length === 1),
  );
  const text = entry.text as string;
  expect([...text]).toHaveLength(40_000);
  expect(text.startsWith('Zażółć gęślą jaźń 📦 Zażółć')).toBe(true);
  expect(text.endsWith(`… [skrócono, całość: ${[...long].length} znaków]`)).toBe(true);
});

it('puts a location and a “like” sticker on the ticket in words, with a map and the sticker as references', async () => {
  const page = takePage();
  const psid = newPsid();
  const sticker = 'https://scontent.xx.fbcdn.net/v/t39.1997-6/851557_369239266556155_759568595_n.png?_nc_cat=1';
  const message = (fields: object) => ({
    sender: { id: psid },
    recipient: { id: page.pageId },
    timestamp: Date.now(),
    message: { mid: newMid(), ...fields },
  });
  const body = pageWebhook({
    pageId: page.pageId,
    messaging: [
      message({
        attachments: [
          {
            type: 'location',
            title: 'Lokalizacja klienta',
            url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps%2Fdefault.aspx%3Fv%3D2%26pc%3DFACEBK',
            payload: { coordinates: { lat: 52.2297, long: 21.0122 } },
          },
        ],
      }),
      message({
        sticker_id: 369239263222822,
        attachments: [{ type: 'image', payload: { url: sticker, sticker_id: 369239263222822 } }],
      }),
    ],
  });
  expect((await webhook(body)).status).toBe(200);
  const timeline = await ticketApi(page.workspaceId).timelineWhen('both on ticket #1', (t) => inbound(t).length === 2);
  expect(inbound(timeline).map((e) => [e.text, (e.attachments as Json[]).map((a) => a.ref)])).toEqual([
    ['Lokalizacja: 52.2297, 21.0122', ['https://www.google.com/maps?q=52.2297,21.0122']],
    ['👍 (polubienie)', [sticker]],
  ]);
});

it('answers 200 to a body over the limit without reading it, publishes nothing and counts it', async () => {
  const page = takePage();
  const before = probe.events().length;
  const huge = pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, newPsid(), 'x'.repeat(1_100_000))] });
  expect(await webhook(huge)).toEqual({ status: 200, text: 'EVENT_RECEIVED' });
  // The service goes on: the next webhook of the Page is taken.
  expect(
    (await webhook(pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, newPsid(), 'Krótko')] }))).status,
  ).toBe(200);
  expect((await contactsWhen(page.workspaceId, 1)).map((e) => e.payload.text)).toEqual(['Krótko']);
  expect(
    probe
      .events()
      .slice(before)
      .filter((e) => e.workspaceId === page.workspaceId),
  ).toHaveLength(1);
  const metrics = await (await fetch(`${social.url}/metrics`)).text();
  expect(metrics).toMatch(
    /threadline_social_webhooks_rejected_total\{channel="messenger",reason="too-large",service="channel-social"\} 1/,
  );
});

it('replies outside 24 hours tagged HUMAN_AGENT, and refuses after 7 days with the reason', async () => {
  const days = (n: number) => Date.now() - n * 24 * 3_600_000;
  const late = takePage();
  const tooLate = takePage();
  const [psidLate, psidTooLate] = [newPsid(), newPsid()];
  await webhook(pageWebhook({ pageId: late.pageId, messaging: [textEvent(late.pageId, psidLate, 'Piszę w weekend', days(2))] }));
  await webhook(
    pageWebhook({ pageId: tooLate.pageId, messaging: [textEvent(tooLate.pageId, psidTooLate, 'Piszę dawno temu', days(8))] }),
  );
  const apiLate = ticketApi(late.workspaceId);
  const apiTooLate = ticketApi(tooLate.workspaceId);
  await apiLate.timelineWhen('ticket #1 (2 days)', (t) => inbound(t).length === 1);
  await apiTooLate.timelineWhen('ticket #1 (8 days)', (t) => inbound(t).length === 1);

  const lateReply = (await apiLate.reply(1, 'Przepraszamy za zwłokę.')).body.message.id as string;
  await apiLate.timelineWhen('the late reply sent', (t) => t.find((e) => e.id === lateReply)?.delivery?.status === 'sent');
  expect(meta.to(psidLate)).toHaveLength(1);
  expect(meta.to(psidLate)[0].body).toMatchObject({
    messaging_type: 'MESSAGE_TAG',
    tag: 'HUMAN_AGENT',
    message: { text: 'Przepraszamy za zwłokę.' },
  });

  const tooLateReply = (await apiTooLate.reply(1, 'Czy sprawa aktualna?')).body.message.id as string;
  const timeline = await apiTooLate.timelineWhen(
    'the too-late reply failed',
    (t) => t.find((e) => e.id === tooLateReply)?.delivery?.status === 'failed',
  );
  expect(timeline.find((e) => e.id === tooLateReply).delivery.error).toMatch(/^outside Messenger's messaging window/);
  expect(meta.to(psidTooLate)).toHaveLength(0);
});

it('fails a reply Meta refuses ((#100) OAuthException) at once, and retries one Meta answers 5xx', async () => {
  const refused = takePage();
  const flaky = takePage();
  const [psidRefused, psidFlaky] = [newPsid(), newPsid()];
  meta.answerFor(psidRefused, {
    status: 400,
    body: {
      error: {
        message: '(#100) No matching user found',
        type: 'OAuthException',
        code: 100,
        error_subcode: 2018001,
        fbtrace_id: 'AbCd',
      },
    },
  });
  const outage = {
    status: 500,
    body: {
      error: {
        message: 'An unexpected error has occurred. Please retry your request later.',
        type: 'OAuthException',
        is_transient: true,
        code: 2,
      },
    },
  };
  meta.answerFor(psidFlaky, outage, outage);
  await webhook(pageWebhook({ pageId: refused.pageId, messaging: [textEvent(refused.pageId, psidRefused, 'Halo?')] }));
  await webhook(pageWebhook({ pageId: flaky.pageId, messaging: [textEvent(flaky.pageId, psidFlaky, 'Dzień dobry')] }));
  const apiRefused = ticketApi(refused.workspaceId);
  const apiFlaky = ticketApi(flaky.workspaceId);
  await apiRefused.timelineWhen('ticket #1', (t) => inbound(t).length === 1);
  await apiFlaky.timelineWhen('ticket #1', (t) => inbound(t).length === 1);

  const refusedId = (await apiRefused.reply(1, 'W czym możemy pomóc?')).body.message.id as string;
  const flakyId = (await apiFlaky.reply(1, 'Już sprawdzamy.')).body.message.id as string;
  const timeline = await apiRefused.timelineWhen(
    'refused reply failed',
    (t) => t.find((e) => e.id === refusedId)?.delivery?.status === 'failed',
  );
  expect(timeline.find((e) => e.id === refusedId).delivery.error).toBe(
    'Meta OAuthException 100/2018001: (#100) No matching user found',
  );
  expect(meta.to(psidRefused)).toHaveLength(1); // permanent: not retried
  await apiFlaky.timelineWhen('flaky reply sent', (t) => t.find((e) => e.id === flakyId)?.delivery?.status === 'sent');
  expect(meta.to(psidFlaky).map((r) => r.messageId !== null)).toEqual([false, false, true]);
  expect(deliveriesOf(flakyId).map((e) => (e.payload as Json).status)).toEqual(['sent']);
});

it('never sends the same outbound message twice, even when the request comes again', async () => {
  const page = takePage();
  const psid = newPsid();
  await webhook(pageWebhook({ pageId: page.pageId, messaging: [textEvent(page.pageId, psid, 'Dzień dobry')] }));
  await contactsWhen(page.workspaceId, 1);
  const messageId = uniqueName('msg');
  const payload = {
    ticketId: uniqueName('ticket'),
    number: 1,
    messageId,
    channel: 'messenger' as const,
    to: { kind: 'messenger' as const, value: psid, pageId: page.pageId },
    subject: null,
    text: 'Twoje zamówienie jest gotowe do odbioru.',
    inReplyTo: null,
    references: [],
    providerThreadId: null,
    from: page.pageId,
    customerWroteAt: new Date().toISOString(),
    authorId: 'agent-ola',
    requestedAt: new Date().toISOString(),
  };
  // Two deliveries of one request (a redelivery after a rebalance looks like this: same message id).
  await publisher.publish('outbound.requested.v1', { workspaceId: page.workspaceId, key: payload.ticketId, payload });
  await publisher.publish('outbound.requested.v1', { workspaceId: page.workspaceId, key: payload.ticketId, payload });
  await waitFor('both handled', () => deliveriesOf(messageId).length >= 2);
  expect(deliveriesOf(messageId).map((e) => (e.payload as Json).status)).toEqual(['sent', 'sent']);
  expect(meta.to(psid)).toHaveLength(1);
});

it('reports its consumer on /health', async () => {
  const health = await fetchJson(`${social.url}/health`);
  expect(health.status).toBe(200);
  expect(Object.keys(health.body.checks)).toEqual(expect.arrayContaining([expect.stringMatching(/^consumer:messenger_/)]));
});
