// Waiting callers offered to free agents by themselves: a caller queues
// (signed Twilio webhooks), routing offers them to the longest-idle free
// member of the queue through channel-voice, the agent sees the offer through
// the gateway and accepts or declines; a decline or an offer left unanswered
// goes to the next free agent; an accepted offer has Twilio dial that agent;
// a caller who hangs up withdraws the offer. Real: Kafka, the store,
// channel-voice, routing, gateway. Stood in: Twilio's servers (TwilioStandIn).
import { randomBytes, randomInt } from 'node:crypto';
import { TOPICS } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  fetchJson,
  type Json,
  type RunningService,
  startService,
  TwilioStandIn,
  twilioCallWebhooks,
  uniqueName,
  waitFor,
  waitForGroupToCatchUp,
  gatewayTestEnv,
} from '@threadline/testing';
import { createChannelVoiceService } from '../../services/channel-voice/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';
import { routingServiceWith } from '../../services/routing/src/app.module';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const password = 'correct horse battery staple';
const workspaceId = uniqueName('ws-offers');
const slug = uniqueName('bok');
const number = '+48221345699';
const calls = {
  greeting: 'Dzień dobry, tu sklep Żółw.',
  menus: {
    main: {
      prompt: 'Reklamacje: naciśnij 1.',
      options: [
        { digit: '1', action: { type: 'queue', queue: 'reklamacje' } },
        { digit: '2', action: { type: 'queue', queue: 'zamowienia' } },
      ],
    },
  },
  queues: { reklamacje: { maxWaitSeconds: 600 }, zamowienia: { maxWaitSeconds: 600 } },
};

/**
 * Routing's and channel-voice's clocks: Monday 07:50 in Warsaw, before the office opens, moved on by the test
 * (offers expire by it). Only by minutes: routing's timer pollers walk every minute the clock passes.
 */
const MONDAY_0750_WARSAW = new Date('2026-12-07T06:50:00Z').getTime();
let offsetMs = MONDAY_0750_WARSAW - Date.now();
const now = () => new Date(Date.now() + offsetMs);

const standIn = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
let voice: RunningService;
let routing: RunningService;
let gateway: RunningService;
let voiceGroup: string;
const agents = { ola: { id: '', token: '', phone: '+48600100001' }, piotr: { id: '', token: '', phone: '+48600100002' } };

beforeAll(async () => {
  await standIn.start();
  const gatewayEnv = gatewayTestEnv();
  const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
  const repository = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  await repository.ensureWorkspace(slug, 'BOK', workspaceId);
  for (const name of Object.keys(agents)) {
    await repository.createAgent({ workspaceId, email: `${name}@firma.test`, name, role: 'agent', password });
  }
  await connection.close();

  voice = await startService(createChannelVoiceService({ clock: now }), {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([{ workspaceId, number, calls }]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: standIn.url,
    TWILIO_TIMEOUT_MS: '3000',
    VOICE_OFFER_SWEEP_MS: '100',
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
  voiceGroup = await consumerGroupStartingNow('routing-voice', [TOPICS.voiceEvents.name]);
  routing = await startService(routingServiceWith({ now }), {
    ...commonTestEnv('routing'),
    TICKETS_URL: 'http://127.0.0.1:9',
    CHANNEL_VOICE_URL: voice.internalUrl,
    ROUTING_VOICE_CONSUMER_GROUP: voiceGroup,
    ROUTING_CALL_OFFER_SECONDS: '20',
    ROUTING_CONSUMER_GROUP: await consumerGroupStartingNow('routing', [TOPICS.ticketEvents.name]),
    ROUTING_SLA_CONSUMER_GROUP: await consumerGroupStartingNow('routing-sla', [TOPICS.slaEvents.name]),
    ROUTING_PRESENCE_CONSUMER_GROUP: await consumerGroupStartingNow('routing-presence', [TOPICS.chatSignals.name]),
    ROUTING_ASSIGNMENT_CONSUMER_GROUP: await consumerGroupStartingNow('routing-assignment', [TOPICS.ticketEvents.name]),
  });
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: 'http://127.0.0.1:9',
    CHANNEL_VOICE_URL: voice.internalUrl,
  });
  for (const [name, agent] of Object.entries(agents)) {
    const session = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: slug, email: `${name}@firma.test`, password }),
    });
    agent.token = session.body.accessToken;
    agent.id = session.body.agent.id;
  }
  // The call queue `reklamacje` offers its callers to Ola and Piotr at any time, `zamowienia` to Ola in business hours.
  const admin = routing.internalApi(workspaceId, { id: 'admin-1', role: 'admin' });
  const members = [agents.ola.id, agents.piotr.id];
  for (const [queue, body] of [
    ['reklamacje', { members, mode: 'least-loaded' }],
    ['zamowienia', { members: [agents.ola.id], businessHoursOnly: true }],
  ] as const) {
    expect((await admin.fetch(`routing/queues/${queue}`, { method: 'PUT', body })).status).toBe(200);
  }
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await routing?.close();
  await voice?.close();
  await standIn.stop();
});

function agentApi(agent: { token: string }) {
  const call = (method: string, path: string, body?: unknown) =>
    fetchJson(`${gateway.url}/api/v1/voice${path}`, {
      method,
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    presence: (body: unknown) => call('PUT', '/presence', body),
    offer: async (): Promise<Json | null> => (await call('GET', '/offer')).body.offer,
    accept: (body: unknown = {}) => call('POST', '/offer/accept', body),
    decline: () => call('POST', '/offer/decline'),
    board: async () => (await call('GET', '/queues')).body,
  };
}
const ola = agentApi(agents.ola);
const piotr = agentApi(agents.piotr);

function twilioCall() {
  return twilioCallWebhooks({
    serviceUrl: () => voice.url,
    publicBaseUrl: PUBLIC_BASE_URL,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    to: number,
    from: `+4860${String(randomInt(0, 10_000_000)).padStart(7, '0')}`,
  });
}

const offerTo = (api: typeof ola, callSid: string) =>
  waitFor(`an offer of ${callSid}`, async () => {
    const offer = await api.offer();
    return offer?.callSid === callSid ? offer : null;
  });
/** The first test's caller, whom Piotr takes and talks to until the second test ends the call. */
let firstCall: ReturnType<typeof twilioCall>;
/** Routing has read every voice event published so far (presence included). */
const routingCaughtUp = () => waitForGroupToCatchUp(voiceGroup, [TOPICS.voiceEvents.name]);

it('offers a waiting caller to the longest-idle free agent; declined, to the next, whose accept has Twilio dial them', async () => {
  expect((await ola.presence({ status: 'available', phone: agents.ola.phone })).status).toBe(200);
  await routingCaughtUp();
  offsetMs += 1000;
  expect((await piotr.presence({ status: 'available', phone: agents.piotr.phone })).status).toBe(200);
  await routingCaughtUp();

  const call = (firstCall = twilioCall());
  await call.incoming();
  expect((await call.menu('1')).text).toContain('<Enqueue ');
  await call.wait('reklamacje', 5);

  // Ola has been free the longest: the caller is offered to her, and to nobody else.
  const offer = await offerTo(ola, call.sid);
  expect(offer).toMatchObject({ callSid: call.sid, from: call.from, queue: 'reklamacje' });
  expect(new Date(offer.expiresAt).getTime() - new Date(offer.offeredAt).getTime()).toBe(20_000);
  expect(await piotr.offer()).toBeNull();
  expect(standIn.callUpdates.filter((u) => u.callSid === call.sid)).toHaveLength(0);

  // She declines: Piotr is offered the caller.
  expect((await ola.decline()).status).toBe(204);
  expect(await ola.offer()).toBeNull();
  await offerTo(piotr, call.sid);
  expect((await ola.accept()).body).toMatchObject({ code: 'NO_OFFER' });

  // Piotr accepts: Twilio is told to take exactly that caller out of the queue and dial his phone.
  const accepted = await piotr.accept();
  expect(accepted.status).toBe(200);
  expect(accepted.body.call).toMatchObject({
    callSid: call.sid,
    from: call.from,
    queue: 'reklamacje',
    connectTo: agents.piotr.phone,
  });
  const updates = standIn.callUpdates.filter((u) => u.callSid === call.sid);
  expect(updates).toHaveLength(1);
  expect(updates[0].form.Twiml).toContain(`<Number>${agents.piotr.phone}</Number></Dial>`);
  expect(await piotr.offer()).toBeNull();
  const board = await piotr.board();
  expect(board.queues.find((q: Json) => q.queue === 'reklamacje').waiting).toBe(0);
  expect(board.agents).toMatchObject({ onCall: 1, available: 1 });
  expect((await call.queueResult('reklamacje', 'redirected', 10)).status).toBe(200);
});

it('withdraws the offer when the caller hangs up, and offers a caller nobody answers to the next free agent in time', async () => {
  // Piotr is still on the first call; Ola (who declined that caller) is free and gets the next one.
  const gone = twilioCall();
  await gone.incoming();
  await gone.menu('1');
  await offerTo(ola, gone.sid);
  expect(await piotr.offer()).toBeNull();
  // The caller hangs up while it rings at Ola's screen: the offer is gone, accepting finds nothing.
  await gone.queueResult('reklamacje', 'hangup', 8);
  await gone.status('completed', 20);
  await waitFor('the offer withdrawn', async () => (await ola.offer()) === null);
  expect((await ola.accept()).body).toMatchObject({ code: 'NO_OFFER' });
  expect(standIn.callUpdates.filter((u) => u.callSid === gone.sid)).toHaveLength(0);

  // Piotr's first call ends: he is free again (since now; Ola has been free longer).
  await routingCaughtUp();
  await firstCall.dialDone('reklamacje', 'completed', 60);
  await routingCaughtUp();

  const waiting = twilioCall();
  await waiting.incoming();
  await waiting.menu('1');
  await offerTo(ola, waiting.sid);
  // Ola lets it ring out: 21 s later (channel-voice's clock) her offer has expired and Piotr's screen shows the caller.
  offsetMs += 21_000;
  await offerTo(piotr, waiting.sid);
  expect(await ola.offer()).toBeNull();
  expect((await piotr.accept({ phone: '+48 600 100 003' })).body.call).toMatchObject({
    callSid: waiting.sid,
    connectTo: '+48600100003',
  });
});

it('offers nothing of a business-hours queue before the office opens; the caller waits until it does', async () => {
  // Still before 08:00 on Monday in Warsaw: the default office week (no SLA_URL) is closed.
  expect(now().getTime()).toBeLessThan(new Date('2026-12-07T07:00:00Z').getTime());
  const call = twilioCall();
  await call.incoming();
  await call.menu('2');
  await routingCaughtUp();
  expect(await ola.offer()).toBeNull();

  // 08:05: Ola signs in for calls and the waiting caller is offered to her.
  offsetMs = new Date('2026-12-07T07:05:00Z').getTime() - Date.now();
  await ola.presence({ status: 'available' });
  expect(await offerTo(ola, call.sid)).toMatchObject({ queue: 'zamowienia' });
});

it('lets only services place offers: an agent cannot offer a caller to anyone', async () => {
  const asAgent = await voice
    .internalApi(workspaceId, { id: agents.ola.id, role: 'agent' })
    .fetch('voice/offers', { method: 'POST', body: { callSid: 'CA1', entry: 1, agentId: agents.ola.id, timeoutSeconds: 20 } });
  expect(asAgent.status).toBe(403);
  const bad = await voice
    .internalApi(workspaceId, { id: 'routing', role: 'service' })
    .fetch('voice/offers', { method: 'POST', body: { callSid: 'CA1', entry: 0, agentId: '', timeoutSeconds: 1 } });
  expect(bad.status).toBe(400);
  expect((bad.body.errors as Json[]).map((e) => e.field).sort()).toEqual(['agentId', 'entry', 'timeoutSeconds']);
});
