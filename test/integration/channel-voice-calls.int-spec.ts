// Calls for real: signed Twilio voice webhooks into two channel-voice
// instances sharing one store (Twilio may call either), the IVR, queues and
// voicemail, agents taking callers through the gateway (Twilio's Calls API
// stood in locally and checked), one contact per call through Kafka into the
// tickets service. Real: Kafka, the store, tickets, gateway, both
// channel-voice instances, the twilio npm client, its TwiML builders and
// signature helpers. Stood in: Twilio's servers (TwilioStandIn).
import { randomBytes, randomInt } from 'node:crypto';
import { jwtVerify } from 'jose';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  fetchJson,
  type Json,
  type RunningService,
  startService,
  testInfra,
  TwilioStandIn,
  uniqueName,
  waitFor,
  recordingUrlOf,
  twilioCallWebhooks,
  gatewayTestEnv,
} from '@threadline/testing';
import { createChannelVoiceService } from '../../services/channel-voice/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';
import { ticketsService } from '../../services/tickets/src/app.module';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const API_KEY_SID = `SK${randomBytes(16).toString('hex')}`;
const API_KEY_SECRET = randomBytes(16).toString('hex');
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const password = 'correct horse battery staple';

/** Every number answers the same way: Polish IVR, two queues, Monday–Friday 8–16 in Warsaw, closed on holidays. */
const calls = {
  greeting: 'Dzień dobry, tu sklep Żółw.',
  menus: {
    main: {
      prompt: 'Reklamacje: naciśnij 1. Zamówienia: naciśnij 2.',
      options: [
        { digit: '1', speech: ['reklamacja'], action: { type: 'queue', queue: 'reklamacje' } },
        { digit: '2', action: { type: 'queue', queue: 'zamowienia' } },
      ],
    },
  },
  queues: { reklamacje: { maxWaitSeconds: 60, ticketQueue: 'complaints' }, zamowienia: {} },
  hours: { open: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }] },
};

/** One workspace, number and agent per test, so each test's first ticket is #1. */
const workspaces = Array.from({ length: 16 }, (_, i) => ({
  workspaceId: uniqueName('ws'),
  slug: uniqueName('bok'),
  number: `+482213456${String(i).padStart(2, '0')}`,
  token: '',
}));
let nextWorkspace = 0;
const takeWorkspace = () => workspaces[nextWorkspace++];
const customerNumber = () => `+4860${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

/** The business-hours clock: real time moved to a chosen moment (time still passes, so waits still grow). */
let offsetMs = 0;
const at = (iso: string) => (offsetMs = new Date(iso).getTime() - Date.now());
const TUESDAY_11_WARSAW = '2026-12-01T10:00:00Z';

const brokers = testInfra().kafkaBrokers.split(',');
const probe = new EventProbe(brokers);
const standIn = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
let tickets: RunningService;
let voiceA: RunningService;
let voiceB: RunningService;
let gateway: RunningService;

beforeAll(async () => {
  await standIn.start();
  await probe.start([TOPICS.contactReceived.name]);
  const gatewayEnv = gatewayTestEnv();
  const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
  const repository = new WorkspaceRepository(connection);
  await connection.syncIndexes();
  for (const ws of workspaces) {
    await repository.ensureWorkspace(ws.slug, 'BOK', ws.workspaceId);
    await repository.createAgent({ workspaceId: ws.workspaceId, email: 'ola@firma.test', name: 'Ola', role: 'agent', password });
  }
  await connection.close();

  tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  // Two instances on one store: Twilio's webhooks of one call may land on either.
  const voiceEnv = {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify(workspaces.map(({ workspaceId, number }) => ({ workspaceId, number, calls }))),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: standIn.url,
    TWILIO_TIMEOUT_MS: '3000',
    TWILIO_API_KEY_SID: API_KEY_SID,
    TWILIO_API_KEY_SECRET: API_KEY_SECRET,
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  };
  const service = createChannelVoiceService({ clock: () => new Date(Date.now() + offsetMs) });
  // Side by side: each joins its consumer groups, and the second join makes the first rejoin anyway.
  [voiceA, voiceB] = await Promise.all([startService(service, voiceEnv), startService(service, voiceEnv)]);
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: tickets.internalUrl,
    CHANNEL_VOICE_URL: voiceA.internalUrl,
    VOICE_BOARD_POLL_MS: '200',
  });
  for (const ws of workspaces) {
    const session = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: ws.slug, email: 'ola@firma.test', password }),
    });
    ws.token = session.body.accessToken;
  }
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await voiceB?.close();
  await voiceA?.close();
  await tickets?.close();
  await probe.stop();
  await standIn.stop();
});

beforeEach(() => at(TUESDAY_11_WARSAW));

/** One call as Twilio drives it: every webhook signed, alternating between the two instances. */
function twilioCall(ws: { number: string }, from = customerNumber()) {
  let hop = 0;
  return twilioCallWebhooks({
    serviceUrl: () => (hop++ % 2 === 0 ? voiceA : voiceB).url,
    publicBaseUrl: PUBLIC_BASE_URL,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    to: ws.number,
    from,
  });
}
const recordingUrl = (sid: string) => recordingUrlOf(ACCOUNT_SID, sid);
const recordingSid = () => `RE${randomBytes(16).toString('hex')}`;

function agentApi(ws: { token: string }) {
  const auth = { authorization: `Bearer ${ws.token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const call = (method: string, path: string, body?: unknown) =>
    fetchJson(`${gateway.url}/api/v1/voice${path}`, {
      method,
      headers: json,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    board: async () => (await call('GET', '/queues')).body,
    presence: (body: unknown) => call('PUT', '/presence', body),
    next: (queue: string, body: unknown = {}) => call('POST', `/queues/${queue}/next`, body),
    clientToken: () => call('POST', '/client-token'),
    callTicket: (sid: string) => fetchJson(`${gateway.url}/api/v1/calls/${sid}`, { headers: auth }),
    callNote: (sid: string, text: string) =>
      fetchJson(`${gateway.url}/api/v1/calls/${sid}/notes`, { method: 'POST', headers: json, body: JSON.stringify({ text }) }),
    ticketNote: (number: number, body: unknown) =>
      fetchJson(`${gateway.url}/api/v1/tickets/${number}/notes`, { method: 'POST', headers: json, body: JSON.stringify(body) }),
  };
}

const contactsOf = (workspaceId: string) => probe.contactsOf(workspaceId);
const contactOf = (workspaceId: string) =>
  probe.waitForEvent(
    'the call as a contact',
    (e) => e.type === 'contact.received.v1' && e.workspaceId === workspaceId,
    10_000,
  ) as Promise<TypedEnvelope<'contact.received.v1'>>;
const inbound = (timeline: Json[]) => timeline.filter((e) => e.kind === 'message' && e.direction === 'inbound');
const ticketWhen = (workspaceId: string, ready: (ticket: Json) => boolean) =>
  waitFor('ticket #1', async () => {
    const { status, body } = await tickets.internalApi(workspaceId).fetch(`tickets/1`);
    return status === 200 && ready(body) ? body : null;
  });
const queueOf = (board: Json, queue: string) => board.queues.find((q: Json) => q.queue === queue);

it('takes a call through the IVR into a queue; an agent takes it through the gateway; it ends as one answered contact on a ticket', async () => {
  const ws = takeWorkspace();
  const agent = agentApi(ws);
  const call = twilioCall(ws);

  const greeting = await call.incoming();
  expect(greeting.status).toBe(200);
  expect(greeting.text).toContain('<Say language="pl-PL">Dzień dobry, tu sklep Żółw.</Say>');
  expect(greeting.text).toContain(`action="${PUBLIC_BASE_URL}/webhooks/twilio/voice/menu?menu=main&amp;attempt=1"`);
  expect(greeting.text).toContain('<Say language="pl-PL">Reklamacje: naciśnij 1. Zamówienia: naciśnij 2.</Say></Gather>');

  const chosen = await call.menu('1');
  expect(chosen.text).toMatch(
    new RegExp(
      `<Enqueue action="${PUBLIC_BASE_URL}/webhooks/twilio/voice/queue-result\\?queue=reklamacje" method="POST" waitUrl="${PUBLIC_BASE_URL}/webhooks/twilio/voice/wait\\?queue=reklamacje" waitUrlMethod="POST">tl-[0-9a-f]{12}-reklamacje</Enqueue>`,
    ),
  );
  const hold = await call.wait('reklamacje', 35);
  expect(hold.text).toContain('<Say language="pl-PL">Twoje miejsce w kolejce: 1.</Say>');
  expect(hold.text).toContain('<Pause length="10"/>');

  // Live state, the same from either instance: one caller waiting, Ola not signed in for calls yet.
  let board = await agent.board();
  expect(queueOf(board, 'reklamacje')).toMatchObject({ waiting: 1, maxWaitSeconds: 60 });
  expect(queueOf(board, 'zamowienia')).toMatchObject({ waiting: 0, longestWaitSeconds: 0 });
  expect(board.agents).toEqual({ available: 0, onCall: 0, away: 0 });
  const presence = await agent.presence({ status: 'available', phone: '600 700 800' });
  expect(presence.status).toBe(200);
  expect(presence.body).toMatchObject({ status: 'available', phone: '+48600700800', onCall: false });
  const direct = await voiceB.internalApi(ws.workspaceId).fetch(`voice/queues`);
  expect(direct.body.agents).toEqual({ available: 1, onCall: 0, away: 0 });

  const taken = await agent.next('reklamacje');
  expect(taken.status).toBe(200);
  expect(taken.body.call).toEqual({
    callSid: call.sid,
    from: call.from,
    queue: 'reklamacje',
    waitSeconds: 35,
    connectTo: '+48600700800',
  });
  // Twilio was told, with the account's credentials, to take this very caller out of the queue and dial Ola.
  const update = standIn.callUpdates.find((u) => u.callSid === call.sid)!;
  expect(update.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
  expect(update.form.Twiml).toBe(
    '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="pl-PL">Łączymy z konsultantem.</Say>' +
      `<Dial callerId="${ws.number}" action="${PUBLIC_BASE_URL}/webhooks/twilio/voice/dial-done?queue=reklamacje" method="POST" timeout="20">` +
      '<Number>+48600700800</Number></Dial></Response>',
  );
  board = await agent.board();
  expect(queueOf(board, 'reklamacje').waiting).toBe(0);
  expect(board.agents).toEqual({ available: 0, onCall: 1, away: 0 });
  // Nobody else waits: the next take finds no one.
  expect((await agent.next('reklamacje')).body).toEqual({ call: null });
  expect((await agent.next('nie-ma-takiej')).status).toBe(404);

  // Twilio's side of the rest of the call.
  expect((await call.queueResult('reklamacje', 'redirected', 36)).text).toBe(EMPTY_TWIML);
  expect((await call.status('in-progress')).status).toBe(204);
  expect((await call.dialDone('reklamacje', 'completed', 250)).text).toContain('<Hangup/>');
  expect(contactsOf(ws.workspaceId)).toHaveLength(0);
  expect((await call.status('completed', 300)).status).toBe(204);

  const contact = await contactOf(ws.workspaceId);
  expect(contact.key).toBe(`phone:${call.from}`);
  expect(contact.payload).toMatchObject({
    channel: 'voice',
    providerMessageId: call.sid,
    from: [{ kind: 'phone', value: call.from }],
    recipient: ws.number,
    queue: 'complaints',
    text: 'Połączenie: odebrane, kolejka reklamacje, czekanie 35 s, rozmowa 4 min 10 s',
    attachments: [],
    call: {
      outcome: 'answered',
      queue: 'reklamacje',
      waitSeconds: 35,
      talkSeconds: 250,
      durationSeconds: 300,
      recordingUrl: null,
    },
  });
  const ticket = await ticketWhen(ws.workspaceId, (t) => inbound(t.timeline).length === 1);
  expect(inbound(ticket.timeline)[0]).toMatchObject({ channel: 'voice', text: contact.payload.text });
  expect((await agent.board()).agents).toEqual({ available: 1, onCall: 0, away: 0 });

  // Ola knows the CallSid from taking the caller: her call note lands on the call's ticket, linked to the call.
  expect(await agent.callTicket(call.sid)).toMatchObject({ status: 200, body: { callSid: call.sid, ticketNumber: 1 } });
  const note = await agent.callNote(call.sid, 'Klient zgłasza uszkodzoną paczkę; wysłano formularz reklamacyjny.');
  expect(note.status).toBe(201);
  expect(note.body).toMatchObject({ ticketNumber: 1, note: { kind: 'note', aboutCall: call.sid } });
  const noted = await ticketWhen(ws.workspaceId, (t) => t.timeline.some((e: Json) => e.kind === 'note'));
  expect(noted.timeline.find((e: Json) => e.kind === 'note')).toMatchObject({
    text: 'Klient zgłasza uszkodzoną paczkę; wysłano formularz reklamacyjny.',
    aboutCall: call.sid,
  });
  // A call no ticket has (yet), and a note naming a call that is not on the ticket, are refused with the reason.
  const unknown = `CA${'0'.repeat(32)}`;
  expect(await agent.callTicket(unknown)).toMatchObject({ status: 404, body: { code: 'CALL_NOT_FOUND' } });
  expect((await agent.ticketNote(1, { text: 'Zła rozmowa', callSid: unknown })).body).toMatchObject({
    code: 'CALL_NOT_ON_TICKET',
  });
});

it('makes a caller who gives up in the queue an abandoned-call contact, and the queue empties', async () => {
  const ws = takeWorkspace();
  const agent = agentApi(ws);
  const call = twilioCall(ws);
  await call.incoming();
  await call.menu('2');
  await call.wait('zamowienia', 20);
  await waitFor('the caller on the board', async () => queueOf(await agent.board(), 'zamowienia').waiting === 1);
  expect((await call.queueResult('zamowienia', 'hangup', 65)).text).toBe(EMPTY_TWIML);
  expect(queueOf(await agent.board(), 'zamowienia').waiting).toBe(0);
  await call.status('completed', 70);

  const contact = await contactOf(ws.workspaceId);
  expect(contact.payload.text).toBe('Połączenie: nieodebrane, rozłączone w kolejce, kolejka zamowienia, czekanie 1 min 5 s');
  expect(contact.payload.call).toMatchObject({ outcome: 'abandoned', queue: 'zamowienia', waitSeconds: 65, talkSeconds: null });
  expect(contact.payload.queue).toBeNull();
  await ticketWhen(ws.workspaceId, (t) => inbound(t.timeline).length === 1);
});

it('sends a call outside business hours to voicemail and the recording becomes the contact’s attachment', async () => {
  const ws = takeWorkspace();
  at('2026-12-06T10:00:00Z'); // Sunday
  const call = twilioCall(ws);
  const answer = await call.incoming();
  expect(answer.text).not.toContain('<Gather');
  expect(answer.text).not.toContain('Dzień dobry, tu sklep Żółw.');
  expect(answer.text).toContain('Dzwonisz poza godzinami pracy biura obsługi klienta.');
  expect(answer.text).toContain(
    `<Record action="${PUBLIC_BASE_URL}/webhooks/twilio/voice/voicemail-done" method="POST" maxLength="120" playBeep="true" finishOnKey="#" recordingStatusCallback="${PUBLIC_BASE_URL}/webhooks/twilio/voice/recording"`,
  );
  const recording = recordingSid();
  expect((await call.voicemailDone(recording, 42)).text).toContain('<Hangup/>');
  await call.status('completed', 55);
  // The recording status callback after the end changes nothing more.
  await call.recording(recording, 42);

  const contact = await contactOf(ws.workspaceId);
  expect(contact.payload).toMatchObject({
    channel: 'voice',
    text: 'Poczta głosowa (nagranie 42 s), poza godzinami pracy',
    attachments: [{ ref: recordingUrl(recording), contentType: 'audio/wav', filename: `${recording}.wav` }],
    call: { outcome: 'voicemail', recordingUrl: recordingUrl(recording), recordingSeconds: 42, queue: null },
  });
  const ticket = await ticketWhen(ws.workspaceId, (t) => inbound(t.timeline).length === 1);
  expect(inbound(ticket.timeline)[0].attachments).toHaveLength(1);
  // A voicemail is a ticket of its own kind: agents list the call-backs to make with ?tag=voicemail.
  expect(ticket.tags).toEqual(['voicemail']);
  await new Promise((r) => setTimeout(r, 300));
  expect(new Set(contactsOf(ws.workspaceId).map((e) => e.id)).size).toBe(1);
});

it('is closed on a Polish holiday (Wigilia, a Thursday) and waits for the recording that comes after the call ended', async () => {
  const ws = takeWorkspace();
  at('2026-12-24T10:00:00Z');
  const call = twilioCall(ws);
  const answer = await call.incoming();
  expect(answer.text).toContain('Dziś jest dzień wolny od pracy.');
  expect(answer.text).toContain('<Record ');
  await call.status('completed', 30);
  // Twilio posts the recording a moment after the call: no contact without it.
  await new Promise((r) => setTimeout(r, 500));
  expect(contactsOf(ws.workspaceId)).toHaveLength(0);
  const recording = recordingSid();
  await call.recording(recording, 12);
  const contact = await contactOf(ws.workspaceId);
  expect(contact.payload.text).toBe('Poczta głosowa (nagranie 12 s), dzień wolny (Wigilia Bożego Narodzenia)');
});

it('offers voicemail or a call back after the queue’s maximum wait; key 1 leaves a message', async () => {
  const ws = takeWorkspace();
  const agent = agentApi(ws);
  const call = twilioCall(ws);
  await call.incoming();
  await call.menu('1');
  expect((await call.wait('reklamacje', 30)).text).toContain('Twoje miejsce w kolejce');
  const leave = await call.wait('reklamacje', 60);
  expect(leave.text).toContain('<Leave/>');
  const choice = await call.queueResult('reklamacje', 'leave', 61);
  expect(choice.text).toContain(
    '<Say language="pl-PL">Aby zostawić wiadomość, naciśnij 1. Abyśmy oddzwonili na numer, z którego dzwonisz, naciśnij 2.</Say></Gather>',
  );
  expect(choice.text).toContain(`action="${PUBLIC_BASE_URL}/webhooks/twilio/voice/after-wait?queue=reklamacje"`);
  expect(queueOf(await agent.board(), 'reklamacje').waiting).toBe(0);
  const record = await call.afterWait('reklamacje', '1');
  expect(record.text).toContain('<Record ');
  const recording = recordingSid();
  await call.voicemailDone(recording, 20);
  await call.status('completed', 100);
  const contact = await contactOf(ws.workspaceId);
  expect(contact.payload.text).toBe(
    'Poczta głosowa (nagranie 20 s), po przekroczeniu czasu oczekiwania, kolejka reklamacje, czekanie 1 min 1 s',
  );
  expect(contact.payload.queue).toBe('complaints');
});

it('takes a call-back request after the maximum wait: the call ends, and a ticket of its own tagged callback opens', async () => {
  const ws = takeWorkspace();
  const call = twilioCall(ws);
  await call.incoming();
  await call.menu('1');
  await call.wait('reklamacje', 60);
  await call.queueResult('reklamacje', 'leave', 61);
  const thanks = await call.afterWait('reklamacje', '2');
  expect(thanks.text).toContain('Oddzwonimy najszybciej, jak to możliwe.');
  expect(thanks.text).toContain('<Hangup/>');
  // The last call back comes right after it: the hang-up must not wait for a recording that never comes.
  expect((await call.status('completed', 75)).status).toBe(204);

  const contact = await contactOf(ws.workspaceId);
  expect(contact.payload).toMatchObject({
    text: `Prośba o oddzwonienie na ${call.from}, kolejka reklamacje, czekanie 1 min 1 s`,
    queue: 'complaints',
    call: { outcome: 'callback', queue: 'reklamacje' },
  });
  const ticket = await ticketWhen(ws.workspaceId, (t) => inbound(t.timeline).length === 1);
  expect(ticket).toMatchObject({ tags: ['callback'], queue: 'complaints' });
});

it('refuses forged voice webhooks with 403: no call is recorded and no contact published', async () => {
  const ws = takeWorkspace();
  const agent = agentApi(ws);
  const forged = twilioCall(ws);
  expect((await forged.incoming('not-our-auth-token-at-all')).status).toBe(403);
  expect((await forged.status('completed', 10, 'not-our-auth-token-at-all')).status).toBe(403);
  const unsigned = await fetch(`${voiceA.url}/webhooks/twilio/voice/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ CallSid: forged.sid, CallStatus: 'completed', AccountSid: ACCOUNT_SID }).toString(),
  });
  expect(unsigned.status).toBe(403);
  // A genuine call afterwards is the only contact.
  const genuine = twilioCall(ws);
  await genuine.incoming();
  await genuine.menu('2');
  expect(queueOf(await agent.board(), 'zamowienia').waiting).toBe(1);
  await genuine.queueResult('zamowienia', 'hangup', 5);
  await genuine.status('completed', 12);
  await contactOf(ws.workspaceId);
  expect(contactsOf(ws.workspaceId).map((e) => e.payload.providerMessageId)).toEqual([genuine.sid]);
  const metrics = await (await fetch(`${voiceA.url}/metrics`)).text();
  expect(metrics).toMatch(
    /threadline_twilio_webhooks_rejected_total\{path="\/webhooks\/twilio\/voice",service="channel-voice"\} [1-9]/,
  );
});

it('makes one contact of a call whose status callbacks come twice and out of order', async () => {
  const ws = takeWorkspace();
  const call = twilioCall(ws);
  // The incoming webhook retried by Twilio: still one call.
  await Promise.all([call.incoming(), call.incoming()]);
  await call.menu('2');
  await call.wait('zamowienia', 15);
  // "completed" first (twice, at once, on both instances), then a late "in-progress" and "ringing".
  const results = await Promise.all([call.status('completed', 40), call.status('completed', 40)]);
  expect(results.map((r) => `${r.status} ${r.text}`)).toEqual(['204 ', '204 ']);
  expect((await call.status('in-progress')).status).toBe(204);
  expect((await call.status('ringing')).status).toBe(204);
  expect((await call.status('completed', 40)).status).toBe(204);
  // And the Enqueue action arriving after the end changes nothing.
  await call.queueResult('zamowienia', 'hangup', 15);

  const contact = await contactOf(ws.workspaceId);
  expect(contact.payload.call).toMatchObject({ outcome: 'abandoned', durationSeconds: 40 });
  const ticket = await ticketWhen(ws.workspaceId, (t) => inbound(t.timeline).length === 1);
  await new Promise((r) => setTimeout(r, 500));
  expect(new Set(contactsOf(ws.workspaceId).map((e) => e.id)).size).toBe(1);
  const again = await tickets.internalApi(ws.workspaceId).fetch(`tickets/1`);
  expect(inbound(again.body.timeline)).toHaveLength(1);
  expect(inbound(ticket.timeline)[0].text).toBe(
    'Połączenie: nieodebrane, rozłączone w kolejce, kolejka zamowienia, czekanie 15 s',
  );
  expect((await tickets.internalApi(ws.workspaceId).fetch(`tickets`)).body.items).toHaveLength(1);
});

it('gives a waiting caller to exactly one of two agents taking at once on two instances, and back to the queue when the agent does not answer', async () => {
  const ws = takeWorkspace();
  const agent = agentApi(ws);
  const call = twilioCall(ws);
  await call.incoming();
  await call.menu('1');
  await call.wait('reklamacje', 10);
  const take = (instance: RunningService, agentId: string) =>
    instance.internalApi(ws.workspaceId, { id: agentId, role: 'agent' }).fetch('voice/queues/reklamacje/next', {
      method: 'POST',
      body: { phone: agentId === 'agent-a' ? '+48600000001' : '+48600000002' },
    });
  const [a, b] = await Promise.all([take(voiceA, 'agent-a'), take(voiceB, 'agent-b')]);
  const winners = [a, b].filter((r) => r.body.call !== null);
  expect(winners).toHaveLength(1);
  expect(winners[0].body.call.callSid).toBe(call.sid);
  expect(standIn.callUpdates.filter((u) => u.callSid === call.sid)).toHaveLength(1);
  expect((await agent.board()).agents).toMatchObject({ onCall: 1 });

  // The agent's phone rang out: Twilio reports the dial's end and the caller is queued again, first in line.
  const back = await call.dialDone('reklamacje', 'no-answer', 0);
  expect(back.text).toContain('<Say language="pl-PL">Konsultant nie odebrał. Wracasz do kolejki.</Say><Enqueue ');
  const board = await agent.board();
  expect(queueOf(board, 'reklamacje').waiting).toBe(1);
  expect(board.agents).toMatchObject({ onCall: 0 });
  const second = await agent.next('reklamacje', { phone: '+48600000003' });
  expect(second.body.call).toMatchObject({ callSid: call.sid, connectTo: '+48600000003' });
  expect(standIn.callUpdates.filter((u) => u.callSid === call.sid)).toHaveLength(2);
});

it('skips a caller Twilio says is gone (21220) and keeps one Twilio cannot be reached for waiting', async () => {
  const ws = takeWorkspace();
  const agent = agentApi(ws);
  const gone = twilioCall(ws);
  const waiting = twilioCall(ws);
  for (const call of [gone, waiting]) {
    await call.incoming();
    await call.menu('2');
  }
  standIn.answerForCall(gone.sid, {
    status: 400,
    body: { code: 21220, message: 'Call is not in-progress. Cannot redirect.', status: 400 },
  });
  standIn.answerForCall(waiting.sid, { status: 503, body: { code: 20503, message: 'Service Unavailable', status: 503 } });
  const failed = await agent.next('zamowienia', { phone: '+48600000004' });
  // channel-voice answers 503 TWILIO_UNAVAILABLE; the gateway passes on a 503 as for any failing owner.
  expect(failed.status).toBe(503);
  const board = await agent.board();
  expect(queueOf(board, 'zamowienia').waiting).toBe(1);
  expect(board.agents.onCall).toBe(0);
  const taken = await agent.next('zamowienia', { phone: '+48600000004' });
  expect(taken.body.call).toMatchObject({ callSid: waiting.sid });
});

it('streams the queue board over SSE as callers come and go', async () => {
  const ws = takeWorkspace();
  const controller = new AbortController();
  const response = await fetch(`${gateway.url}/api/v1/voice/queues/live`, {
    headers: { authorization: `Bearer ${ws.token}` },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  /** The next `queues` event's board. */
  const nextBoard = async (): Promise<Json> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (frame.includes('event: queues') && data) return JSON.parse(data.slice(6));
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffered += value;
    }
  };
  try {
    expect(queueOf(await nextBoard(), 'reklamacje').waiting).toBe(0);
    const call = twilioCall(ws);
    await call.incoming();
    await call.menu('1');
    expect(queueOf(await nextBoard(), 'reklamacje').waiting).toBe(1);
    await call.queueResult('reklamacje', 'hangup', 3);
    expect(queueOf(await nextBoard(), 'reklamacje').waiting).toBe(0);
  } finally {
    controller.abort();
  }
});

it("gives an agent's browser a Twilio Client token with the identity a caller is dialled at when the agent has no phone", async () => {
  const ws = takeWorkspace();
  const agent = agentApi(ws);
  const issued = await agent.clientToken();
  expect(issued.status).toBe(200);
  const { payload } = await jwtVerify(issued.body.token, new TextEncoder().encode(API_KEY_SECRET));
  expect(payload).toMatchObject({ iss: API_KEY_SID, sub: ACCOUNT_SID, grants: { voice: { incoming: { allow: true } } } });
  const identity = (payload.grants as Json).identity as string;
  expect(issued.body.identity).toBe(identity);

  // Ola, signed in without a phone, takes a caller: Twilio is told to ring that very Client identity.
  const call = twilioCall(ws);
  await call.incoming();
  await call.menu('1');
  expect((await agent.presence({ status: 'available' })).status).toBe(200);
  const taken = await agent.next('reklamacje');
  expect(taken.body.call).toMatchObject({ callSid: call.sid, connectTo: `client:${identity}` });
  const update = standIn.callUpdates.find((u) => u.callSid === call.sid)!;
  expect(update.form.Twiml).toContain(`<Client>${identity}</Client>`);
});
