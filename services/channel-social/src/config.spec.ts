import { ConfigError, loadConfig } from '@threadline/config';
import { channelSocialConfigSchema, messengerSettingsOf, slackSettingsOf } from './config';
import { slackNotificationSettingsOf } from './slack/notifications/notification-rules';

const platform = {
  HTTP_PORT: '3003',
  INTERNAL_HTTP_PORT: '3103',
  SERVICE_TOKEN_SECRET: 'x'.repeat(40),
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
  MONGO_DATABASE: 'threadline_channel_social',
  STORE_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
};
const page = {
  pageId: '104857600123456',
  workspaceId: 'ws-1',
  pageAccessToken: 'EAAG' + 'x'.repeat(40),
  appSecret: 'top-secret-app-secret-1',
};
const team = {
  teamId: 'T0123ABCD',
  workspaceId: 'ws-1',
  botToken: 'xoxb-1-2-very-secret',
  signingSecret: 'signing-secret-0123456789',
  supportChannels: ['C0SUPPORT'],
};

const problems = (env: Record<string, string | undefined>) => {
  try {
    loadConfig('channel-social', channelSocialConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return null;
};

describe('channel-social config', () => {
  it('starts with Messenger off without a verify token, and Slack on for teams admins connect unless switched off', () => {
    const config = loadConfig('channel-social', channelSocialConfigSchema, platform);
    expect(messengerSettingsOf(config)).toBeNull();
    expect(slackSettingsOf(config)).toMatchObject({ workspaces: [], cacheMs: 2_000 });
    expect(
      slackSettingsOf(loadConfig('channel-social', channelSocialConfigSchema, { ...platform, SLACK_ENABLED: 'false' })),
    ).toBeNull();
  });

  it('turns Messenger on with only a verify token, for Pages admins connect', () => {
    const config = loadConfig('channel-social', channelSocialConfigSchema, {
      ...platform,
      MESSENGER_VERIFY_TOKEN: 'verify-me-please',
    });
    expect(messengerSettingsOf(config)).toMatchObject({ pages: [], verifyToken: 'verify-me-please' });
  });

  it('needs the key that seals the stored tokens and secrets, and names it', () => {
    const { STORE_SECRETS_KEY: _key, ...withoutKey } = platform;
    expect(problems(withoutKey)).toMatch(/STORE_SECRETS_KEY/);
    expect(problems({ ...platform, STORE_SECRETS_KEY: 'c2hvcnQ=' })).toMatch(/STORE_SECRETS_KEY.*32 bytes/);
  });

  it('turns each channel on with its settings', () => {
    const config = loadConfig('channel-social', channelSocialConfigSchema, {
      ...platform,
      MESSENGER_PAGES: JSON.stringify([page]),
      MESSENGER_VERIFY_TOKEN: 'verify-me-please',
      SLACK_WORKSPACES: JSON.stringify([team]),
    });
    expect(messengerSettingsOf(config)).toMatchObject({
      pages: [page],
      verifyToken: 'verify-me-please',
      apiBaseUrl: 'https://graph.facebook.com',
    });
    expect(slackSettingsOf(config)).toMatchObject({ workspaces: [team], apiBaseUrl: 'https://slack.com/api' });
  });

  it('names what is wrong without echoing the secrets', () => {
    const message = problems({
      ...platform,
      MESSENGER_PAGES: JSON.stringify([{ ...page, appSecret: 'short' }]),
      MESSENGER_VERIFY_TOKEN: 'verify-me-please',
    });
    expect(message).toMatch(/MESSENGER_PAGES/);
    expect(message).toMatch(/appSecret/);
    expect(message).not.toContain(page.pageAccessToken);
    expect(problems({ ...platform, MESSENGER_PAGES: JSON.stringify([page]) })).toMatch(/MESSENGER_VERIFY_TOKEN/);
    expect(
      problems({ ...platform, MESSENGER_PAGES: JSON.stringify([page, page]), MESSENGER_VERIFY_TOKEN: 'verify-me-please' }),
    ).toMatch(/one workspace only/);
    expect(problems({ ...platform, SLACK_WORKSPACES: '{not json' })).toMatch(/SLACK_WORKSPACES/);
    expect(problems({ ...platform, SLACK_WORKSPACES: JSON.stringify([team]), SLACK_ENABLED: 'false' })).toMatch(/SLACK_ENABLED/);
    expect(problems({ ...platform, SLACK_WORKSPACES: JSON.stringify([{ ...team, botToken: 'xoxp-user-token' }]) })).toMatch(
      /botToken/,
    );
  });
});

const complaintRule = {
  id: 'complaint-billing',
  workspaceId: 'ws-1',
  teamId: 'T0123ABCD',
  channel: 'C0BILLING',
  when: { category: 'complaint' },
  message: 'Wstrzymajcie windykację do rozpatrzenia.',
};

describe('SLACK_NOTIFICATIONS', () => {
  it('is off without rules, and on with them: Polish, on new and changed tickets, by default', () => {
    expect(slackNotificationSettingsOf(loadConfig('channel-social', channelSocialConfigSchema, platform))).toBeNull();
    const settings = slackNotificationSettingsOf(
      loadConfig('channel-social', channelSocialConfigSchema, {
        ...platform,
        SLACK_NOTIFICATIONS: JSON.stringify([complaintRule]),
        SLACK_NOTIFICATIONS_TICKET_BASE_URL: 'https://app.firma.pl/',
      }),
    );
    expect(settings).toEqual({
      rules: [
        {
          ...complaintRule,
          when: { category: 'complaint', events: ['ticket.created.v1', 'ticket.updated.v1'] },
          language: 'pl',
        },
      ],
      ticketBaseUrl: 'https://app.firma.pl',
      consumerGroup: 'channel-social.slack-notifications',
    });
  });

  it('names the rule and field that are wrong', () => {
    expect(problems({ ...platform, SLACK_NOTIFICATIONS: '[{' })).toMatch(/SLACK_NOTIFICATIONS.*JSON array/);
    expect(
      problems({ ...platform, SLACK_NOTIFICATIONS: JSON.stringify([complaintRule, { ...complaintRule, channel: '#billing' }]) }),
    ).toMatch(/SLACK_NOTIFICATIONS.*\[1\.channel\] must be a channel id/);
    expect(
      problems({ ...platform, SLACK_NOTIFICATIONS: JSON.stringify([{ ...complaintRule, when: { priority: 'asap' } }]) }),
    ).toMatch(/\[0\.when\.priority\]/);
    expect(problems({ ...platform, SLACK_NOTIFICATIONS: JSON.stringify([{ ...complaintRule, when: {} }]) })).toMatch(
      /\[0\.when\] needs a fact/,
    );
    expect(problems({ ...platform, SLACK_NOTIFICATIONS: JSON.stringify([complaintRule, complaintRule]) })).toMatch(/its own id/);
    // A rule for every new ticket needs no fact.
    expect(
      problems({
        ...platform,
        SLACK_NOTIFICATIONS: JSON.stringify([{ ...complaintRule, when: { events: ['ticket.created.v1'] } }]),
      }),
    ).toBeNull();
  });
});
