// Admins give a workspace its Twilio numbers through the gateway; channel-voice
// takes SMS to them in at once (no restart) and stops when the number is
// removed. Real: Kafka, the store, gateway, channel-voice, tickets, twilio's
// signature helper. No Twilio servers are needed: only inbound webhooks.
import { randomBytes, randomInt } from 'node:crypto';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  inboundSmsParams,
  type Json,
  postSignedWebhook,
  type RunningService,
  startService,
  testInfra,
  waitFor,
  gatewayTestEnv,
} from '@threadline/testing';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';
import { startTickets } from './started-services';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const wsA = newWorkspace('sklep');
const wsB = newWorkspace('hurt');
const agents: Record<'adminA' | 'agentA' | 'adminB', TestAgent> = {
  adminA: { workspace: wsA, email: 'admin@firma.test', role: 'admin' },
  agentA: { workspace: wsA, email: 'ola@firma.test', role: 'agent' },
  adminB: { workspace: wsB, email: 'admin@firma.test', role: 'admin' },
};
/** A number nobody else in this run owns; another one configured for workspace B. */
const number = `+4822${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const configuredForB = `+4861${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
const running: RunningService[] = [];
let gateway: RunningService;
let voice: RunningService;
let tickets: RunningService;
let call: AgentCall<keyof typeof agents>;
const sms = (params: Record<string, string>) =>
  postSignedWebhook(voice.url, PUBLIC_BASE_URL, '/webhooks/twilio/sms', params, AUTH_TOKEN);
const contactsFor = (sid: string) =>
  probe
    .events()
    .filter(
      (e) => e.type === 'contact.received.v1' && (e as TypedEnvelope<'contact.received.v1'>).payload.providerMessageId === sid,
    );

beforeAll(async () => {
  await probe.start([TOPICS.contactReceived.name]);
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));

  tickets = await startTickets();
  voice = await startService(channelVoiceService, {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([{ number: configuredForB, workspaceId: wsB.id }]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
  running.push(tickets, voice);
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    CHANNEL_VOICE_URL: voice.internalUrl,
  });
  call = await logIn(gateway.url, agents);
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all(running.map((s) => s.close()));
  await probe.stop();
});

const calls = {
  greeting: 'Dzień dobry, tu sklep Żółty Kot.',
  menus: {
    main: {
      prompt: 'Reklamacje — wciśnij 1.',
      options: [{ digit: '1', speech: ['reklamacja'], action: { type: 'queue', queue: 'reklamacje' } }],
      fallback: { type: 'queue', queue: 'reklamacje' },
    },
  },
  queues: { reklamacje: { holdMessage: 'Chwileczkę, łączymy.', maxWaitSeconds: 120, ticketQueue: 'complaints' } },
  hours: { open: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }] },
};

it('lets an admin add a number whose SMS then become tickets in that workspace, and stops them once it is removed', async () => {
  const path = `/api/v1/voice/numbers/${encodeURIComponent(number)}`;
  expect((await call('agentA', 'POST', '/api/v1/voice/numbers', { number })).status).toBe(403);
  expect((await call('agentA', 'GET', '/api/v1/voice/numbers')).status).toBe(403);

  const bad = await call('adminA', 'POST', '/api/v1/voice/numbers', {
    number: '22 123',
    calls: { menus: { main: { prompt: '' } }, queues: { ogolna: { maxWaitSeconds: 1 } } },
    colour: 'red',
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: Json) => e.field)).toEqual(
    expect.arrayContaining(['number', 'calls.menus.main.prompt', 'calls.queues.ogolna.maxWaitSeconds', '(body)']),
  );
  const dangling = await call('adminA', 'POST', '/api/v1/voice/numbers', {
    number,
    calls: { menus: { main: { prompt: 'x', fallback: { type: 'queue', queue: 'nie-ma' } } } },
  });
  expect(dangling.status).toBe(400);
  expect(dangling.body.errors.map((e: Json) => e.field)).toEqual(['calls.menus.main.fallback']);

  // Before it is added, an SMS to the number is nobody's.
  const before = inboundSmsParams(ACCOUNT_SID, '+48601234001', number, 'Czy ktoś tu jest?');
  expect(await sms(before)).toEqual({ status: 200, text: EMPTY_TWIML });

  const added = await call('adminA', 'POST', '/api/v1/voice/numbers', { number, calls });
  expect(added.status).toBe(201);
  expect(added.body).toMatchObject({ number, source: 'api', calls: { greeting: calls.greeting } });
  expect((await call('adminB', 'POST', '/api/v1/voice/numbers', { number })).status).toBe(409);
  expect((await call('adminA', 'POST', '/api/v1/voice/numbers', { number: configuredForB })).status).toBe(409);
  expect((await call('adminA', 'POST', '/api/v1/voice/numbers', { number })).status).toBe(409);
  expect((await call('adminB', 'PATCH', path, { calls: null })).status).toBe(404);
  expect((await call('adminB', 'DELETE', path)).status).toBe(404);
  const listedB = await call('adminB', 'GET', '/api/v1/voice/numbers');
  expect(listedB.body.items).toEqual([{ number: configuredForB, source: 'config', calls: null }]);
  expect((await call('adminB', 'DELETE', `/api/v1/voice/numbers/${encodeURIComponent(configuredForB)}`)).status).toBe(409);

  const text = 'Dzień dobry, zamówienie nr 123 nie dotarło. Zażółć gęślą jaźń.';
  const first = inboundSmsParams(ACCOUNT_SID, '+48601234002', number, text);
  expect(await sms(first)).toEqual({ status: 200, text: EMPTY_TWIML });
  // The ticket is written a moment before its first timeline entry: wait for the message itself.
  const ticket = await waitFor('the SMS as ticket #1 of workspace A', async () => {
    const { status, body } = await tickets.internalApi(wsA.id).fetch(`tickets/1`);
    return status === 200 && body.timeline.length > 0 ? body : null;
  });
  expect(ticket.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'message', text })]));
  expect(contactsFor(first.MessageSid)[0]?.workspaceId).toBe(wsA.id);
  expect(contactsFor(before.MessageSid)).toEqual([]);

  const changed = await call('adminA', 'PATCH', path, { calls: null });
  expect(changed).toMatchObject({ status: 200, body: { number, source: 'api', calls: null } });
  const listedA = await call('adminA', 'GET', '/api/v1/voice/numbers');
  expect(listedA.body.items).toEqual([{ number, source: 'api', calls: null }]);

  expect((await call('adminA', 'DELETE', path)).status).toBe(204);
  expect((await call('adminA', 'GET', '/api/v1/voice/numbers')).body.items).toEqual([]);
  const after = inboundSmsParams(ACCOUNT_SID, '+48601234003', number, 'Jeszcze jedno pytanie.');
  expect(await sms(after)).toEqual({ status: 200, text: EMPTY_TWIML });
  // Nothing published: the first SMS's contact came through, so a later one would have too by now.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(contactsFor(after.MessageSid)).toEqual([]);
}, 60_000);
