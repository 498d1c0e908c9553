import { ConfigError, loadConfig } from '@threadline/config';
import { channelSocialConfigSchema, chatSettingsOf } from '../config';

const platform = {
  HTTP_PORT: '3003',
  INTERNAL_HTTP_PORT: '3103',
  SERVICE_TOKEN_SECRET: 'x'.repeat(40),
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
  MONGO_DATABASE: 'threadline_channel_social',
  STORE_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
  CHAT_WORKSPACES: 'ws-1, ws-2',
};
const chat = (env: Record<string, string> = {}) =>
  chatSettingsOf(loadConfig('channel-social', channelSocialConfigSchema, { ...platform, ...env }));

describe('web chat settings', () => {
  it("lets agents' chat presence decide who is online unless CHAT_AGENTS_ONLINE overrides it", () => {
    expect(chat()).toMatchObject({ workspaces: ['ws-1', 'ws-2'], agentsOnline: null });
    expect(chat({ CHAT_AGENTS_ONLINE: 'auto' })?.agentsOnline).toBeNull();
    expect(chat({ CHAT_AGENTS_ONLINE: 'true' })?.agentsOnline).toBe(true);
    expect(chat({ CHAT_AGENTS_ONLINE: 'false' })?.agentsOnline).toBe(false);
  });

  it('refuses another CHAT_AGENTS_ONLINE, naming the variable', () => {
    expect(() => chat({ CHAT_AGENTS_ONLINE: 'sometimes' })).toThrow(ConfigError);
    expect(() => chat({ CHAT_AGENTS_ONLINE: 'sometimes' })).toThrow(/CHAT_AGENTS_ONLINE/);
  });
});
