// Without a Twilio account channel-voice still runs (health, metrics), and its
// voice API says plainly that the channel is off instead of answering 404.
import { commonTestEnv, fetchJson, startService, type RunningService } from '@threadline/testing';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';

let voice: RunningService;

beforeAll(async () => {
  voice = await startService(channelVoiceService, commonTestEnv('channel-voice'));
});
afterAll(() => voice?.close());

it('answers the voice API with 503 VOICE_NOT_CONFIGURED, naming the settings to give', async () => {
  for (const path of ['voice/queues', 'voice/numbers', 'voice/queues/reklamacje/next']) {
    const answer = await voice.internalApi('ws-1').fetch(path, { method: path.endsWith('next') ? 'POST' : 'GET' });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'VOICE_NOT_CONFIGURED' });
    expect(answer.body.message).toContain('TWILIO_ACCOUNT_SID');
  }
  expect((await fetchJson(`${voice.url}/health`)).status).toBe(200);
});
