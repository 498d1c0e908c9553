import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';
import { baseUrl, jsonList } from './config-fields';
import { slackNotificationsConfigShape } from './slack-notifications/notification-rules';

export const messengerPageSchema = z.strictObject({
  /** The Facebook Page id (entry[].id and recipient.id in Meta's webhooks). */
  pageId: z.string().regex(/^\d{5,20}$/, 'must be the numeric Page id'),
  workspaceId: z.string().min(1),
  /** Page access token for the Send API. */
  pageAccessToken: z.string().min(20, 'must be the Page access token'),
  /** The Meta app's secret: webhooks are signed with it (X-Hub-Signature-256). */
  appSecret: z.string().min(16, 'must be the app secret'),
});
export type MessengerPage = z.infer<typeof messengerPageSchema>;

export const slackWorkspaceSchema = z.strictObject({
  /** Slack's team id (T…), team_id in every event. */
  teamId: z.string().regex(/^T[A-Z0-9]{4,}$/, 'must be a Slack team id like T0123ABCD'),
  workspaceId: z.string().min(1),
  /** Bot token (xoxb-…) for chat.postMessage. */
  botToken: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)'),
  signingSecret: z.string().min(16, 'must be the app signing secret'),
  /** Channel ids whose messages are support requests; others are ignored. */
  supportChannels: z.array(z.string().regex(/^[CG][A-Z0-9]{4,}$/, 'must be a channel id like C0123ABCD')).min(1),
});
export type SlackWorkspace = z.infer<typeof slackWorkspaceSchema>;

const pageList = jsonList(messengerPageSchema, '{pageId, workspaceId, pageAccessToken, appSecret}', (pages) =>
  new Set(pages.map((p) => p.pageId)).size === pages.length ? null : 'a Page may belong to one workspace only',
);
const workspaceList = jsonList(
  slackWorkspaceSchema,
  '{teamId, workspaceId, botToken, signingSecret, supportChannels}',
  (teams) => (new Set(teams.map((t) => t.teamId)).size === teams.length ? null : 'a Slack team may belong to one workspace only'),
);

const timeoutMs = z.coerce.number().int().min(100);
const attempts = z.coerce.number().int().min(1).max(10);

export const channelSocialConfigSchema = commonConfigSchema
  .extend({
    /** Messenger is off while this is empty (the platform starts without Meta). */
    MESSENGER_PAGES: pageList.default([]),
    /** What we told Meta to send in the subscription check (hub.verify_token). */
    MESSENGER_VERIFY_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
    /** Graph API origin; tests point it at a local stand-in. */
    MESSENGER_API_BASE_URL: baseUrl.default('https://graph.facebook.com'),
    MESSENGER_GRAPH_VERSION: z
      .string()
      .regex(/^v?\d+\.\d+$/, 'like v21.0')
      .default('v21.0'),
    MESSENGER_TIMEOUT_MS: timeoutMs.default(10_000),
    MESSENGER_SEND_ATTEMPTS: attempts.default(4),
    MESSENGER_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(500),
    MESSENGER_CONSUMER_GROUP: z.string().min(1).default('channel-social.messenger-outbound'),
    /** Slack is off while this is empty. */
    SLACK_WORKSPACES: workspaceList.default([]),
    /** Slack Web API base (with /api/); tests point it at a local stand-in. */
    SLACK_API_BASE_URL: baseUrl.default('https://slack.com/api'),
    SLACK_TIMEOUT_MS: timeoutMs.default(10_000),
    SLACK_SEND_ATTEMPTS: attempts.default(4),
    SLACK_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(500),
    SLACK_CONSUMER_GROUP: z.string().min(1).default('channel-social.slack-outbound'),
    ...slackNotificationsConfigShape,
    /** Workspaces whose web chat widget is served (comma-separated ids); web chat is off while empty. */
    CHAT_WORKSPACES: z
      .string()
      .default('')
      .transform((raw) => [...new Set(raw.split(',').map((w) => w.trim()).filter(Boolean))]),
    /**
     * Whether agents answer chats live. `auto`: while an agent of the workspace is
     * available for chat (PUT /api/v1/chat/presence through the gateway); `true` or
     * `false` overrides that for every workspace (false: the widget takes a message
     * and an e-mail, answered by e-mail).
     */
    CHAT_AGENTS_ONLINE: z
      .enum(['auto', 'true', 'false'])
      .default('auto')
      .transform((v) => (v === 'auto' ? null : v === 'true')),
    /** Durable group that writes agents' chat replies, read marks and chat presence into the store (once, whichever instance). */
    CHAT_CONSUMER_GROUP: z.string().min(1).default('channel-social.chat-outbound'),
    /** Prefix of each instance's throw-away group that pushes replies, typing and read marks to the sockets it holds. */
    CHAT_LIVE_GROUP_PREFIX: z.string().min(1).default('channel-social.chat-live'),
  })
  .superRefine((config, ctx) => {
    if (config.MESSENGER_PAGES.length > 0 && !config.MESSENGER_VERIFY_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['MESSENGER_VERIFY_TOKEN'], message: 'needed when MESSENGER_PAGES is set' });
    }
  });
export type ChannelSocialConfig = z.infer<typeof channelSocialConfigSchema>;

/** What the Messenger channel works with, or null when it is off. */
export interface MessengerSettings {
  pages: MessengerPage[];
  verifyToken: string;
  apiBaseUrl: string;
  graphVersion: string;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
  consumerGroup: string;
}

export function messengerSettingsOf(config: ChannelSocialConfig): MessengerSettings | null {
  if (config.MESSENGER_PAGES.length === 0 || !config.MESSENGER_VERIFY_TOKEN) return null;
  return {
    pages: config.MESSENGER_PAGES,
    verifyToken: config.MESSENGER_VERIFY_TOKEN,
    apiBaseUrl: config.MESSENGER_API_BASE_URL,
    graphVersion: config.MESSENGER_GRAPH_VERSION,
    timeoutMs: config.MESSENGER_TIMEOUT_MS,
    attempts: config.MESSENGER_SEND_ATTEMPTS,
    retryDelayMs: config.MESSENGER_RETRY_DELAY_MS,
    consumerGroup: config.MESSENGER_CONSUMER_GROUP,
  };
}

export interface SlackSettings {
  workspaces: SlackWorkspace[];
  apiBaseUrl: string;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
  consumerGroup: string;
}

export function slackSettingsOf(config: ChannelSocialConfig): SlackSettings | null {
  if (config.SLACK_WORKSPACES.length === 0) return null;
  return {
    workspaces: config.SLACK_WORKSPACES,
    apiBaseUrl: config.SLACK_API_BASE_URL,
    timeoutMs: config.SLACK_TIMEOUT_MS,
    attempts: config.SLACK_SEND_ATTEMPTS,
    retryDelayMs: config.SLACK_RETRY_DELAY_MS,
    consumerGroup: config.SLACK_CONSUMER_GROUP,
  };
}

export interface ChatSettings {
  workspaces: string[];
  /** Null: agents' chat presence decides. */
  agentsOnline: boolean | null;
  consumerGroup: string;
  liveGroupPrefix: string;
}

export function chatSettingsOf(config: ChannelSocialConfig): ChatSettings | null {
  if (config.CHAT_WORKSPACES.length === 0) return null;
  return {
    workspaces: config.CHAT_WORKSPACES,
    agentsOnline: config.CHAT_AGENTS_ONLINE,
    consumerGroup: config.CHAT_CONSUMER_GROUP,
    liveGroupPrefix: config.CHAT_LIVE_GROUP_PREFIX,
  };
}
