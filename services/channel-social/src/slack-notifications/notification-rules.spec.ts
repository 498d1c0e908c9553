import { ConfigError, loadConfig } from '@threadline/config';
import { channelSocialConfigSchema } from '../config';
import { slackNotificationSettingsOf } from './notification-rules';

const platform = {
  HTTP_PORT: '3003',
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
  MONGO_DATABASE: 'threadline_channel_social',
};
const complaintRule = {
  id: 'complaint-billing',
  workspaceId: 'ws-1',
  teamId: 'T0123ABCD',
  channel: 'C0BILLING',
  when: { category: 'complaint' },
  message: 'Wstrzymajcie windykację do rozpatrzenia.',
};

const load = (env: Record<string, string>) => loadConfig('channel-social', channelSocialConfigSchema, { ...platform, ...env });
const problems = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return null;
};

describe('SLACK_NOTIFICATIONS', () => {
  it('is off without rules, and on with them: Polish, on new and changed tickets, by default', () => {
    expect(slackNotificationSettingsOf(load({}))).toBeNull();
    const settings = slackNotificationSettingsOf(
      load({ SLACK_NOTIFICATIONS: JSON.stringify([complaintRule]), SLACK_NOTIFICATIONS_TICKET_BASE_URL: 'https://app.firma.pl/' }),
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
    expect(problems({ SLACK_NOTIFICATIONS: '[{' })).toMatch(/SLACK_NOTIFICATIONS.*JSON array/);
    expect(problems({ SLACK_NOTIFICATIONS: JSON.stringify([complaintRule, { ...complaintRule, channel: '#billing' }]) })).toMatch(
      /SLACK_NOTIFICATIONS.*\[1\.channel\] must be a channel id/,
    );
    expect(problems({ SLACK_NOTIFICATIONS: JSON.stringify([{ ...complaintRule, when: { priority: 'asap' } }]) })).toMatch(
      /\[0\.when\.priority\]/,
    );
    expect(problems({ SLACK_NOTIFICATIONS: JSON.stringify([{ ...complaintRule, when: {} }]) })).toMatch(/\[0\.when\] needs a fact/);
    expect(problems({ SLACK_NOTIFICATIONS: JSON.stringify([complaintRule, complaintRule]) })).toMatch(/its own id/);
    // A rule for every new ticket needs no fact.
    expect(problems({ SLACK_NOTIFICATIONS: JSON.stringify([{ ...complaintRule, when: { events: ['ticket.created.v1'] } }]) })).toBeNull();
  });
});
