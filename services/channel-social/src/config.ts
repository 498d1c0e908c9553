import { isIP } from 'node:net';
import { z } from 'zod';
import { commonConfigSchema, storeSecretsKeySchema } from '@threadline/config';
import { messengerPageFields, slackTeamFields } from '@threadline/contracts';
import { baseUrl, jsonList } from './config-fields';
import type { SocketLimits } from './web-chat/socket-limits';
import { slackNotificationsConfigShape } from './slack/notifications/notification-rules';

export const messengerPageSchema = z.strictObject({ ...messengerPageFields, workspaceId: z.string().min(1) });
export type MessengerPage = z.infer<typeof messengerPageSchema>;

export const slackWorkspaceSchema = z.strictObject({ ...slackTeamFields, workspaceId: z.string().min(1) });
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
    /** Seals the Page tokens, app secrets, bot tokens and signing secrets admins store (AES-256-GCM). */
    STORE_SECRETS_KEY: storeSecretsKeySchema,
    /** Pages set here; admins add more through the API (messenger_pages). */
    MESSENGER_PAGES: pageList.default([]),
    /**
     * What we told Meta to send in the subscription check (hub.verify_token).
     * Messenger is on when it is set (the platform starts without Meta otherwise).
     */
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
    /** Teams set here; admins add more through the API (slack_teams). */
    SLACK_WORKSPACES: workspaceList.default([]),
    /**
     * Slack needs no app-wide setting (each team brings its signing secret), so
     * it is on unless switched off here: admins turn it on by adding a team.
     */
    SLACK_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
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
      .transform((raw) => [
        ...new Set(
          raw
            .split(',')
            .map((w) => w.trim())
            .filter(Boolean),
        ),
      ]),
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
    /** The tickets service's internal listener: the widget's notice to visitors comes from its settings. Unset: no notice shown. */
    TICKETS_URL: z.url().optional(),
    /** How long a workspace's chat notice is kept; an admin's change shows on widgets within it. */
    CHAT_NOTICE_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
    /** The largest widget frame read; a larger one closes the socket with 1009. */
    CHAT_MAX_FRAME_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024)
      .default(32 * 1024),
    /** Chat sockets one address may hold open at once; more are refused with 429 before the upgrade. */
    CHAT_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    /** Frames one socket may send per second on average, and at once; over it frames are refused, a flood closes the socket (1008). */
    CHAT_FRAMES_PER_SECOND: z.coerce.number().min(0.1).default(5),
    CHAT_FRAME_BURST: z.coerce.number().int().min(1).default(20),
    /** Proxies in front of the chat (addresses or CIDR, comma-separated) whose X-Forwarded-For gives the visitor's address. */
    CHAT_TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((raw) =>
        raw
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
      )
      .refine((list) => list.every((a) => isIP(a.split('/')[0]) !== 0), 'addresses or networks (CIDR) only'),
    /** Durable group that writes agents' chat replies, read marks and chat presence into the store (once, whichever instance). */
    CHAT_CONSUMER_GROUP: z.string().min(1).default('channel-social.chat-outbound'),
    /** Prefix of each instance's throw-away group that pushes replies, typing and read marks to the sockets it holds. */
    CHAT_LIVE_GROUP_PREFIX: z.string().min(1).default('channel-social.chat-live'),
    /** Reads customer.erased.v1 to erase the customer's chats, the provider ids their messages went to and their tickets' subjects. */
    SOCIAL_ERASURE_CONSUMER_GROUP: z.string().min(1).default('channel-social.erasure'),
    /** How long Pages and teams read from the store are kept; other instances see an admin's change within it. */
    SOCIAL_CONNECTIONS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  })
  .superRefine((config, ctx) => {
    if (config.MESSENGER_PAGES.length > 0 && !config.MESSENGER_VERIFY_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['MESSENGER_VERIFY_TOKEN'], message: 'needed when MESSENGER_PAGES is set' });
    }
    if (config.SLACK_WORKSPACES.length > 0 && !config.SLACK_ENABLED) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_ENABLED'], message: 'must not be false when SLACK_WORKSPACES is set' });
    }
  });
export type ChannelSocialConfig = z.infer<typeof channelSocialConfigSchema>;

/** What the Messenger channel works with, or null when it is off. */
export interface MessengerSettings {
  /** The configured Pages; admins' are in the store. */
  pages: MessengerPage[];
  cacheMs: number;
  verifyToken: string;
  apiBaseUrl: string;
  graphVersion: string;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
  consumerGroup: string;
}

export function messengerSettingsOf(config: ChannelSocialConfig): MessengerSettings | null {
  if (!config.MESSENGER_VERIFY_TOKEN) return null;
  return {
    pages: config.MESSENGER_PAGES,
    cacheMs: config.SOCIAL_CONNECTIONS_CACHE_MS,
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
  /** The configured teams; admins' are in the store. */
  workspaces: SlackWorkspace[];
  cacheMs: number;
  apiBaseUrl: string;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
  consumerGroup: string;
}

export function slackSettingsOf(config: ChannelSocialConfig): SlackSettings | null {
  if (!config.SLACK_ENABLED) return null;
  return {
    workspaces: config.SLACK_WORKSPACES,
    cacheMs: config.SOCIAL_CONNECTIONS_CACHE_MS,
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
  socketLimits: SocketLimits;
  /** Where the visitors' notice is read (the tickets service's internal listener), or null: none shown. */
  notice: { ticketsUrl: string | null; cacheMs: number };
}

export function chatSettingsOf(config: ChannelSocialConfig): ChatSettings | null {
  if (config.CHAT_WORKSPACES.length === 0) return null;
  return {
    workspaces: config.CHAT_WORKSPACES,
    agentsOnline: config.CHAT_AGENTS_ONLINE,
    consumerGroup: config.CHAT_CONSUMER_GROUP,
    liveGroupPrefix: config.CHAT_LIVE_GROUP_PREFIX,
    socketLimits: {
      maxFrameBytes: config.CHAT_MAX_FRAME_BYTES,
      maxConnectionsPerAddress: config.CHAT_MAX_CONNECTIONS_PER_ADDRESS,
      framesPerSecond: config.CHAT_FRAMES_PER_SECOND,
      frameBurst: config.CHAT_FRAME_BURST,
      trustedProxies: config.CHAT_TRUSTED_PROXIES,
    },
    notice: { ticketsUrl: config.TICKETS_URL ?? null, cacheMs: config.CHAT_NOTICE_CACHE_MS },
  };
}
