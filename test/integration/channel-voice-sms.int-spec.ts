// The SMS channel for real: signed Twilio webhooks into channel-voice, Kafka,
// the tickets service, and agents' replies out to a local stand-in of
// Twilio's REST API, with Twilio's status callbacks back onto the timeline.
// Real: Kafka, the store, both services, the twilio npm client and its
// signature helpers. Stood in: Twilio's servers (TwilioStandIn).
import { randomBytes, randomInt } from 'node:crypto';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  fetchJson,
  inboundSmsParams,
  type Json,
  postSignedWebhook,
  type RunningService,
  startService,
  statusCallbackParams,
  testInfra,
  testPublisher,
  TwilioStandIn,
  uniqueName,
  waitFor,
  inboundMessages,
  ticketsInternalApi,
} from '@threadline/testing';
import { ticketsService } from '../../services/tickets/src/app.module';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
/** What Twilio is configured to call: a public name, not the test's 127.0.0.1 (signatures must not depend on Host). */
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** One Twilio number and workspace per test, so each test's first ticket is #1. */
const workspaces = Array.from({ length: 12 }, (_, i) => ({
  workspaceId: uniqueName('ws'),
  number: `+482212345${String(i).padStart(2, '0')}`,
}));
/** A workspace with two numbers: a reply must come from the one the customer texted. */
const twoNumbers = { workspaceId: uniqueName('ws'), numbers: ['+48221110001', '+48221110002'] };
let nextWorkspace = 0;
const takeWorkspace = () => workspaces[nextWorkspace++];
/** A Polish mobile number nobody else in this run uses. */
const customerNumber = () => `+4860${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

const brokers = testInfra().kafkaBrokers.split(',');
const probe = new EventProbe(brokers);
const standIn = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
const publisher = testPublisher('tickets');
let tickets: RunningService;
let voice: RunningService;

beforeAll(async () => {
  await standIn.start();
  await probe.start([TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]);
  await publisher.connect();
  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  voice = await startService(channelVoiceService, {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([
      ...workspaces,
      ...twoNumbers.numbers.map((number) => ({ workspaceId: twoNumbers.workspaceId, number })),
    ]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: standIn.url,
    TWILIO_RETRY_DELAY_MS: '50',
    TWILIO_TIMEOUT_MS: '3000',
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
});

afterAll(async () => {
  await voice?.close();
  await tickets?.close();
  await publisher.disconnect();
  await probe.stop();
  await standIn.stop();
});

const sms = (params: Record<string, string>, tamper?: (p: Record<string, string>) => Record<string, string>) =>
  postSignedWebhook(voice.url, PUBLIC_BASE_URL, '/webhooks/twilio/sms', params, AUTH_TOKEN, { tamper });
const status = (params: Record<string, string>) =>
  postSignedWebhook(voice.url, PUBLIC_BASE_URL, '/webhooks/twilio/sms-status', params, AUTH_TOKEN);

const ticketApi = (workspaceId: string) => ticketsInternalApi(tickets, workspaceId);

const inbound = inboundMessages;
const contactsOf = (workspaceId: string) => probe.contactsOf(workspaceId);

it('holds an SMS conversation: customer SMS → ticket → agent reply via Twilio → delivered, a late "sent" changing nothing', async () => {
  const { workspaceId, number } = takeWorkspace();
  const customer = customerNumber();
  const api = ticketApi(workspaceId);

  const answer = await sms(
    inboundSmsParams(ACCOUNT_SID, customer, number, 'Dzień dobry, gdzie jest moja paczka? Zażółć gęślą jaźń 📦🙂'),
  );
  expect(answer).toEqual({ status: 200, text: EMPTY_TWIML });
  // Durable before the 200: the contact is already on Kafka.
  await probe.waitForEvent(
    'the contact on Kafka',
    (e) => e.type === 'contact.received.v1' && e.workspaceId === workspaceId,
    5000,
  );

  const first = await api.timelineWhen('ticket #1 with the SMS', (t) => inbound(t).length === 1);
  expect(inbound(first)[0]).toMatchObject({
    channel: 'sms',
    text: 'Dzień dobry, gdzie jest moja paczka? Zażółć gęślą jaźń 📦🙂',
  });

  const reply = await api.reply(1, 'Paczka wyjechała dziś, numer śledzenia: 123. Pozdrawiamy 😊');
  expect(reply.status).toBe(201);
  const replyId = reply.body.message.id as string;

  const request = await waitFor('the SMS at Twilio', () => standIn.to(customer)[0]);
  expect(request.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
  expect(request.form).toMatchObject({
    To: customer,
    From: number,
    Body: 'Paczka wyjechała dziś, numer śledzenia: 123. Pozdrawiamy 😊',
    StatusCallback: `${PUBLIC_BASE_URL}/webhooks/twilio/sms-status`,
  });
  const sid = request.sid!;
  const sent = await probe.waitForEvent(
    'delivery sent',
    (e) => e.type === 'delivery.updated.v1' && (e.payload as Json).messageId === replyId,
  );
  expect(sent.payload).toMatchObject({ channel: 'sms', status: 'sent', providerMessageId: sid, reason: null });
  await api.timelineWhen('the reply sent', (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'sent');

  // Twilio's callbacks: delivered (twice, as Twilio may repeat), then a late "sent".
  for (const s of ['delivered', 'delivered', 'sent']) {
    expect((await status(statusCallbackParams(ACCOUNT_SID, sid, s, number, customer))).status).toBe(204);
  }
  const done = await api.timelineWhen(
    'the reply delivered',
    (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'delivered',
  );
  expect(done.find((e) => e.id === replyId)).toMatchObject({
    direction: 'outbound',
    channel: 'sms',
    delivery: { status: 'delivered' },
  });
  const delivered = probe
    .events()
    .filter(
      (e) =>
        e.type === 'delivery.updated.v1' &&
        (e.payload as Json).messageId === replyId &&
        (e.payload as Json).status === 'delivered',
    );
  expect(new Set(delivered.map((e) => e.id)).size).toBe(1);
  // Still delivered after the late "sent" had its chance; one SMS went to Twilio.
  await new Promise((r) => setTimeout(r, 500));
  const after = await api.get('/tickets/1');
  expect(after.body.timeline.find((e: Json) => e.id === replyId).delivery.status).toBe('delivered');
  expect(standIn.to(customer)).toHaveLength(1);
});

it('answers from the number the customer texted when the workspace has several', async () => {
  const { workspaceId, numbers } = twoNumbers;
  const customer = customerNumber();
  const api = ticketApi(workspaceId);
  expect((await sms(inboundSmsParams(ACCOUNT_SID, customer, numbers[1], 'Czy mogę zmienić adres dostawy?'))).status).toBe(200);
  await api.timelineWhen('ticket #1 with the SMS', (t) => inbound(t).length === 1);

  expect((await api.reply(1, 'Tak, proszę podać nowy adres.')).status).toBe(201);
  const request = await waitFor('the SMS at Twilio', () => standIn.to(customer)[0]);
  expect(request.form).toMatchObject({ To: customer, From: numbers[1], Body: 'Tak, proszę podać nowy adres.' });
});

it('puts an undelivered SMS on the timeline as failed with Twilio’s error, even when Twilio calls back before answering the send', async () => {
  const { workspaceId, number } = takeWorkspace();
  const customer = customerNumber();
  const api = ticketApi(workspaceId);
  await sms(inboundSmsParams(ACCOUNT_SID, customer, number, 'Proszę o kontakt'));
  await api.timelineWhen('ticket #1', (t) => inbound(t).length === 1);

  const callbacks: Promise<{ status: number }>[] = [];
  standIn.onAccepted = async (request) => {
    if (request.form.To !== customer) return;
    // Twilio's callbacks race its own 201: ours must wait for the send to be recorded, not drop them.
    callbacks.push(status(statusCallbackParams(ACCOUNT_SID, request.sid!, 'sent', number, customer)));
    callbacks.push(status(statusCallbackParams(ACCOUNT_SID, request.sid!, 'undelivered', number, customer, '30003')));
    await new Promise((r) => setTimeout(r, 300));
  };
  try {
    const replyId = (await api.reply(1, 'Oddzwonimy jutro.')).body.message.id as string;
    const timeline = await api.timelineWhen(
      'the reply failed',
      (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'failed',
    );
    expect(timeline.find((e) => e.id === replyId).delivery.error).toBe(
      'Twilio 30003: undelivered (unreachable destination handset)',
    );
    expect((await Promise.all(callbacks)).map((r) => r.status)).toEqual([204, 204]);
  } finally {
    standIn.onAccepted = null;
  }
});

it('refuses a forged or altered webhook with 403 and publishes nothing', async () => {
  const { workspaceId, number } = takeWorkspace();
  const customer = customerNumber();
  const params = inboundSmsParams(ACCOUNT_SID, customer, number, 'Proszę o zwrot pieniędzy');

  const forged = await postSignedWebhook(voice.url, PUBLIC_BASE_URL, '/webhooks/twilio/sms', params, 'not-our-auth-token-at-all');
  expect(forged.status).toBe(403);
  const altered = await sms(params, (p) => ({ ...p, Body: 'Proszę o zwrot 10 000 zł' }));
  expect(altered.status).toBe(403);
  const unsigned = await fetch(`${voice.url}/webhooks/twilio/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  expect(unsigned.status).toBe(403);
  // Signed for our host as seen from inside (Host header) instead of the public URL: refused too.
  const wrongUrl = await postSignedWebhook(voice.url, voice.url, '/webhooks/twilio/sms', params, AUTH_TOKEN);
  expect(wrongUrl.status).toBe(403);

  // A genuine one afterwards is the only contact: nothing of the refused ones reached Kafka before it.
  const genuine = inboundSmsParams(ACCOUNT_SID, customer, number, 'To ja, naprawdę');
  expect((await sms(genuine)).status).toBe(200);
  await probe.waitForEvent('the genuine contact', (e) => e.type === 'contact.received.v1' && e.workspaceId === workspaceId);
  expect(contactsOf(workspaceId).map((e) => e.payload.providerMessageId)).toEqual([genuine.MessageSid]);
});

it('makes one contact and one timeline entry of a webhook Twilio delivers twice', async () => {
  const { workspaceId, number } = takeWorkspace();
  const customer = customerNumber();
  const api = ticketApi(workspaceId);
  const params = inboundSmsParams(ACCOUNT_SID, customer, number, 'Czy mogę zmienić adres dostawy?');

  const [a, b] = await Promise.all([sms(params), sms(params)]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect((await sms(params)).status).toBe(200);
  // A later SMS shows the first one has been fully handled before we count.
  expect((await sms(inboundSmsParams(ACCOUNT_SID, customer, number, 'Nowy adres: ul. Długa 5, Łódź'))).status).toBe(200);
  const timeline = await api.timelineWhen('both SMS on ticket #1', (t) =>
    inbound(t).some((e) => e.text === 'Nowy adres: ul. Długa 5, Łódź'),
  );
  expect(inbound(timeline).map((e) => e.text)).toEqual(['Czy mogę zmienić adres dostawy?', 'Nowy adres: ul. Długa 5, Łódź']);
  // Re-published with the same event id: one contact for whoever reads the topic.
  expect(new Set(contactsOf(workspaceId).map((e) => e.id)).size).toBe(2);
  expect((await api.get('/tickets')).body.items).toHaveLength(1);
});

it('marks a reply Twilio refuses (400, 21211 invalid number) failed at once, with Twilio’s reason', async () => {
  const { workspaceId, number } = takeWorkspace();
  const customer = customerNumber();
  const api = ticketApi(workspaceId);
  standIn.answerFor(customer, {
    status: 400,
    body: {
      code: 21211,
      message: `The 'To' number ${customer} is not a valid phone number.`,
      more_info: 'https://www.twilio.com/docs/errors/21211',
      status: 400,
    },
  });
  await sms(inboundSmsParams(ACCOUNT_SID, customer, number, 'Halo?'));
  await api.timelineWhen('ticket #1', (t) => inbound(t).length === 1);

  const reply = await api.reply(1, 'Dzień dobry, w czym możemy pomóc?');
  const replyId = reply.body.message.id as string;
  const timeline = await api.timelineWhen(
    'the reply failed',
    (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'failed',
  );
  expect(timeline.find((e) => e.id === replyId).delivery.error).toBe(
    `Twilio 21211: The 'To' number ${customer} is not a valid phone number.`,
  );
  expect(standIn.to(customer)).toHaveLength(1); // permanent: not retried
});

it('retries a reply while Twilio answers 5xx, then sends it once', async () => {
  const { workspaceId, number } = takeWorkspace();
  const customer = customerNumber();
  const api = ticketApi(workspaceId);
  const outage = { status: 503, body: { code: 20503, message: 'Service Unavailable', status: 503 } };
  standIn.answerFor(customer, outage, outage);
  await sms(inboundSmsParams(ACCOUNT_SID, customer, number, 'Dzień dobry'));
  await api.timelineWhen('ticket #1', (t) => inbound(t).length === 1);

  const replyId = (await api.reply(1, 'Dzień dobry, już sprawdzamy.')).body.message.id as string;
  await api.timelineWhen('the reply sent', (t) => t.find((e) => e.id === replyId)?.delivery?.status === 'sent');
  expect(standIn.to(customer).map((r) => r.sid !== null)).toEqual([false, false, true]);
});

it('never sends the same outbound message twice, even when the request comes again', async () => {
  const { workspaceId, number } = takeWorkspace();
  const customer = customerNumber();
  const messageId = uniqueName('msg');
  const payload = {
    ticketId: uniqueName('ticket'),
    number: 1,
    messageId,
    channel: 'sms' as const,
    to: { kind: 'phone' as const, value: customer },
    subject: null,
    text: 'Twoje zamówienie jest gotowe do odbioru.',
    inReplyTo: null,
    references: [],
    providerThreadId: null,
    authorId: 'agent-ola',
    requestedAt: new Date().toISOString(),
  };
  // Two deliveries of one request (a redelivery after a rebalance looks like this: same message id).
  await publisher.publish('outbound.requested.v1', { workspaceId, key: payload.ticketId, payload });
  await publisher.publish('outbound.requested.v1', { workspaceId, key: payload.ticketId, payload });
  const sent = await probe.waitForEvent(
    'sent',
    (e) => e.type === 'delivery.updated.v1' && (e.payload as Json).messageId === messageId,
  );
  expect(sent.payload).toMatchObject({ status: 'sent' });
  await waitFor(
    'the repeat handled',
    () =>
      probe.events().filter((e) => e.type === 'delivery.updated.v1' && (e.payload as Json).messageId === messageId).length >= 2,
  );
  expect(standIn.to(customer)).toHaveLength(1);
  expect(standIn.to(customer)[0].form.From).toBe(number);
});

it('turns an MMS with two media into one contact with both as attachment references', async () => {
  const { workspaceId, number } = takeWorkspace();
  const customer = customerNumber();
  const api = ticketApi(workspaceId);
  const mediaBase = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media`;
  const params = inboundSmsParams(ACCOUNT_SID, customer, number, 'Zdjęcia uszkodzonej paczki', [
    { url: `${mediaBase}/ME1`, contentType: 'image/jpeg' },
    { url: `${mediaBase}/ME2`, contentType: 'image/png' },
  ]);
  expect((await sms(params)).status).toBe(200);

  const contact = (await probe.waitForEvent(
    'the MMS contact',
    (e) => e.type === 'contact.received.v1' && e.workspaceId === workspaceId,
  )) as TypedEnvelope<'contact.received.v1'>;
  expect(contact.payload).toMatchObject({
    channel: 'sms',
    providerMessageId: params.MessageSid,
    from: [{ kind: 'phone', value: customer }],
    recipient: number,
    attachments: [
      { ref: `${mediaBase}/ME1`, contentType: 'image/jpeg' },
      { ref: `${mediaBase}/ME2`, contentType: 'image/png' },
    ],
  });
  const timeline = await api.timelineWhen('the MMS on ticket #1', (t) => inbound(t).length === 1);
  expect(inbound(timeline)[0].attachments).toHaveLength(2);
});

it('answers 200 with empty TwiML to an SMS for a number no workspace owns, and publishes nothing', async () => {
  const before = probe.events().length;
  const answer = await sms(inboundSmsParams(ACCOUNT_SID, customerNumber(), '+48229999999', 'Pomyłka?'));
  expect(answer).toEqual({ status: 200, text: EMPTY_TWIML });
  await new Promise((r) => setTimeout(r, 500));
  expect(
    probe
      .events()
      .slice(before)
      .filter((e) => e.type === 'contact.received.v1' && e.payload && (e.payload as Json).recipient === '+48229999999'),
  ).toHaveLength(0);
  const metrics = await (await fetch(`${voice.url}/metrics`)).text();
  expect(metrics).toMatch(/threadline_sms_received_total\{outcome="unknown-number",service="channel-voice"\} 1/);
  expect(metrics).toMatch(
    /threadline_twilio_webhooks_rejected_total\{path="\/webhooks\/twilio\/sms",service="channel-voice"\} [1-9]/,
  );
  const health = await fetchJson(`${voice.url}/health`);
  expect(health.status).toBe(200);
});
