import { ConfigError, loadConfig } from '@threadline/config';
import { channelVoiceConfigSchema, twilioAccountOf } from './config';

const valid = {
  HTTP_PORT: '3002',
  INTERNAL_HTTP_PORT: '3102',
  SERVICE_TOKEN_SECRET: 'x'.repeat(40),
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
  MONGO_DATABASE: 'threadline_channel_voice',
  TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
  TWILIO_AUTH_TOKEN: 'f'.repeat(32),
  PUBLIC_BASE_URL: 'https://help.firma.pl/voice/',
  VOICE_NUMBERS: JSON.stringify([{ number: '+48221234567', workspaceId: 'ws-1' }]),
};

const problems = (env: Record<string, string | undefined>) => {
  try {
    loadConfig('channel-voice', channelVoiceConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return null;
};

describe('channel-voice config', () => {
  it('starts with the SMS channel off when no Twilio account is configured at all', () => {
    const { TWILIO_ACCOUNT_SID: _s, TWILIO_AUTH_TOKEN: _t, PUBLIC_BASE_URL: _u, VOICE_NUMBERS: _n, ...platformOnly } = valid;
    expect(twilioAccountOf(loadConfig('channel-voice', channelVoiceConfigSchema, platformOnly))).toBeNull();
  });

  it('reads numbers, Twilio credentials and URLs (no trailing slash, Twilio’s API by default)', () => {
    const config = loadConfig('channel-voice', channelVoiceConfigSchema, valid);
    expect(config.VOICE_NUMBERS).toEqual([{ number: '+48221234567', workspaceId: 'ws-1' }]);
    expect(config.PUBLIC_BASE_URL).toBe('https://help.firma.pl/voice');
    expect(twilioAccountOf(config)).toMatchObject({ apiBaseUrl: 'https://api.twilio.com', accountSid: valid.TWILIO_ACCOUNT_SID });
  });

  it('stops on a wrong setting with one line naming it, never echoing the secret', () => {
    expect(problems({ ...valid, VOICE_NUMBERS: '[{"number":"600100200","workspaceId":"ws-1"}]' })).toMatch(
      /^channel-voice: invalid configuration — VOICE_NUMBERS: \[0\.number\] must be an E\.164 number/,
    );
    expect(problems({ ...valid, VOICE_NUMBERS: 'not json' })).toMatch(/VOICE_NUMBERS: must be a JSON array/);
    expect(
      problems({
        ...valid,
        VOICE_NUMBERS: JSON.stringify([
          { number: '+48221234567', workspaceId: 'a' },
          { number: '+48221234567', workspaceId: 'b' },
        ]),
      }),
    ).toMatch(/one workspace only/);
    expect(problems({ ...valid, PUBLIC_BASE_URL: 'help.firma.pl' })).toMatch(/PUBLIC_BASE_URL/);
    expect(problems({ ...valid, TWILIO_ACCOUNT_SID: undefined })).toMatch(
      /TWILIO_ACCOUNT_SID is required \(needed with the other Twilio settings and VOICE_NUMBERS\)/,
    );
    const short = problems({ ...valid, TWILIO_AUTH_TOKEN: 'hunter2' });
    expect(short).toMatch(/TWILIO_AUTH_TOKEN/);
    expect(short).not.toMatch(/hunter2/);
    expect(short?.split('\n')).toHaveLength(1);
  });

  it('takes a Twilio API key for agents’ Client tokens only as a pair, never echoing its secret', () => {
    const keySid = `SK${'a'.repeat(32)}`;
    expect(problems({ ...valid, TWILIO_API_KEY_SID: keySid, TWILIO_API_KEY_SECRET: 's3cret-key-secret-value' })).toBeNull();
    expect(problems({ ...valid, TWILIO_API_KEY_SID: keySid })).toMatch(
      /TWILIO_API_KEY_SECRET is required \(needed with the other TWILIO_API_KEY_ setting\)/,
    );
    const lone = problems({ ...valid, TWILIO_API_KEY_SECRET: 's3cret-key-secret-value' });
    expect(lone).toMatch(/TWILIO_API_KEY_SID is required \(needed with the other TWILIO_API_KEY_ setting\)/);
    expect(lone).not.toContain('s3cret-key-secret-value');
    expect(problems({ ...valid, TWILIO_API_KEY_SID: 'AK123', TWILIO_API_KEY_SECRET: 's3cret-key-secret-value' })).toMatch(
      /TWILIO_API_KEY_SID: must look like SK/,
    );
  });

  it('reads a number’s call setup and names a menu leading to a queue that does not exist', () => {
    const calls = {
      menus: { main: { prompt: 'Reklamacje: 1.', options: [{ digit: '1', action: { type: 'queue', queue: 'reklamacje' } }] } },
      queues: { reklamacje: { maxWaitSeconds: 120 } },
      hours: { open: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }] },
    };
    const config = loadConfig('channel-voice', channelVoiceConfigSchema, {
      ...valid,
      VOICE_NUMBERS: JSON.stringify([{ number: '+48221234567', workspaceId: 'ws-1', calls }]),
    });
    expect(config.VOICE_NUMBERS[0].calls).toMatchObject({
      language: 'pl-PL',
      queues: { reklamacje: { maxWaitSeconds: 120, ticketQueue: null } },
      hours: { timezone: 'Europe/Warsaw', closedOnPolishHolidays: true },
    });
    const broken = { ...calls, queues: { inne: {} } };
    expect(
      problems({ ...valid, VOICE_NUMBERS: JSON.stringify([{ number: '+48221234567', workspaceId: 'ws-1', calls: broken }]) }),
    ).toMatch(/VOICE_NUMBERS: \[0\.calls\.menus\.main\.options\.0\.action\] no queue "reklamacje"/);
  });
});
