// Lost status callbacks: Twilio does not retry them, so channel-voice asks
// Twilio's Calls resource about calls that went quiet. Real: Kafka, the store,
// channel-voice with its sweeper on a short clock, the twilio client. Stood
// in: Twilio's servers (TwilioStandIn answers "fetch a call").
import { randomBytes, randomInt } from 'node:crypto';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  recordingUrlOf,
  startService,
  testInfra,
  TwilioStandIn,
  twilioCallWebhooks,
  uniqueName,
  waitFor,
  type RunningService,
} from '@threadline/testing';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const calls = {
  menus: {
    main: {
      prompt: 'Reklamacje: naciśnij 1. Wiadomość: naciśnij 9.',
      options: [
        { digit: '1', action: { type: 'queue', queue: 'reklamacje' } },
        { digit: '9', action: { type: 'voicemail' } },
      ],
    },
  },
  queues: { reklamacje: {} },
};
const workspaces = Array.from({ length: 4 }, (_, i) => ({
  workspaceId: uniqueName('ws'),
  number: `+482214567${String(i).padStart(2, '0')}`,
}));
let nextWorkspace = 0;
const takeWorkspace = () => workspaces[nextWorkspace++];
const customerNumber = () => `+4860${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
const standIn = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
let voice: RunningService;

beforeAll(async () => {
  await standIn.start();
  await probe.start([TOPICS.contactReceived.name]);
  voice = await startService(channelVoiceService, {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify(workspaces.map((ws) => ({ ...ws, calls }))),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: standIn.url,
    TWILIO_TIMEOUT_MS: '3000',
    // Quiet for 2 s = stale, looked at every 300 ms (production: 15 min and 1 min).
    VOICE_STALE_CALL_MS: '2000',
    VOICE_SWEEP_INTERVAL_MS: '300',
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
});

afterAll(async () => {
  await voice?.close();
  await probe.stop();
  await standIn.stop();
});

const callTo = (ws: { number: string }) =>
  twilioCallWebhooks({
    serviceUrl: () => voice.url,
    publicBaseUrl: PUBLIC_BASE_URL,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    to: ws.number,
    from: customerNumber(),
  });
const board = async (workspaceId: string) => (await voice.internalApi(workspaceId).fetch(`voice/queues`)).body as Json;
const contactOf = (workspaceId: string, timeoutMs: number) =>
  probe.waitForEvent(
    'the call as a contact',
    (e) => e.type === 'contact.received.v1' && e.workspaceId === workspaceId,
    timeoutMs,
  ) as Promise<TypedEnvelope<'contact.received.v1'>>;

it('ends a caller whose hang-up Twilio never reported: off the board, and a contact as abandoned', async () => {
  const ws = takeWorkspace();
  const call = callTo(ws);
  await call.incoming();
  await call.menu('1');
  await call.wait('reklamacje', 20);
  expect((await board(ws.workspaceId)).queues[0]).toMatchObject({ queue: 'reklamacje', waiting: 1 });

  // The caller hung up; Twilio's "completed" callback was lost. Asked, Twilio says completed after 70 s.
  standIn.callStateFor(call.sid, { status: 'completed', duration: 70 });
  const contact = await contactOf(ws.workspaceId, 15_000);
  expect(standIn.callFetches).toContain(call.sid);
  expect(contact.payload).toMatchObject({
    channel: 'voice',
    providerMessageId: call.sid,
    call: { outcome: 'abandoned', queue: 'reklamacje', durationSeconds: 70 },
  });
  expect((await board(ws.workspaceId)).queues[0].waiting).toBe(0);
  // The real callback arriving late changes nothing: still one contact.
  expect((await call.status('completed', 70)).status).toBe(204);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const contacts = probe.events().filter((e) => e.type === 'contact.received.v1' && e.workspaceId === ws.workspaceId);
  expect(new Set(contacts.map((e) => e.id)).size).toBe(1);
});

it('leaves a caller Twilio still has in the queue alone, however often it asks', async () => {
  const ws = takeWorkspace();
  const call = callTo(ws);
  await call.incoming();
  await call.menu('1');
  await waitFor('Twilio asked twice about the quiet call', () =>
    standIn.callFetches.filter((sid) => sid === call.sid).length >= 2 ? true : null,
  );
  expect((await board(ws.workspaceId)).queues[0].waiting).toBe(1);
  expect(probe.events().some((e) => e.type === 'contact.received.v1' && e.workspaceId === ws.workspaceId)).toBe(false);
  // Twilio's real callback then ends it as usual.
  expect((await call.status('completed', 40)).status).toBe(204);
  expect((await contactOf(ws.workspaceId, 10_000)).payload.call).toMatchObject({ outcome: 'abandoned' });
});

it('finds a voicemail whose recording was never reported at Twilio, and the recording becomes the attachment', async () => {
  const ws = takeWorkspace();
  const call = callTo(ws);
  await call.incoming();
  await call.menu('9');
  expect((await call.status('completed', 25)).status).toBe(204);
  // Neither the <Record> action nor the recording callback comes: no contact yet…
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(probe.events().some((e) => e.type === 'contact.received.v1' && e.workspaceId === ws.workspaceId)).toBe(false);
  // …until the sweeper asks Twilio, which has it.
  const recording = `RE${randomBytes(16).toString('hex')}`;
  standIn.recordingsFor(call.sid, [{ sid: recording, duration: 17 }]);
  const contact = await contactOf(ws.workspaceId, 15_000);
  expect(contact.payload).toMatchObject({
    attachments: [{ ref: recordingUrlOf(ACCOUNT_SID, recording), contentType: 'audio/wav' }],
    call: { outcome: 'voicemail', recordingUrl: recordingUrlOf(ACCOUNT_SID, recording), recordingSeconds: 17 },
  });
});

it('ends a voicemail with no recording anywhere as a call without a message', async () => {
  const ws = takeWorkspace();
  const call = callTo(ws);
  await call.incoming();
  await call.menu('9');
  expect((await call.status('completed', 12)).status).toBe(204);
  const contact = await contactOf(ws.workspaceId, 15_000);
  expect(contact.payload).toMatchObject({
    text: 'Połączenie: bez wiadomości na poczcie głosowej',
    attachments: [],
    call: { outcome: 'missed', recordingUrl: null },
  });
});
