import { z } from 'zod';

/**
 * The fields of a Facebook Page and of a Slack team as admins give them
 * (POST /api/v1/messenger/pages, /api/v1/slack/teams) and as channel-social's
 * MESSENGER_PAGES and SLACK_WORKSPACES hold them: one validation for both.
 * Messages name the field, never the value (they are secrets).
 */
export const messengerPageFields = {
  /** The Facebook Page id (entry[].id and recipient.id in Meta's webhooks). */
  pageId: z.string().regex(/^\d{5,20}$/, 'must be the numeric Page id'),
  /** Page access token for the Send API. */
  pageAccessToken: z.string().min(20, 'must be the Page access token').max(1000),
  /** The Meta app's secret: webhooks are signed with it (X-Hub-Signature-256). */
  appSecret: z.string().min(16, 'must be the app secret').max(200),
};

export const slackTeamId = z.string().regex(/^T[A-Z0-9]{4,}$/, 'must be a Slack team id like T0123ABCD');
export const slackChannelId = z.string().regex(/^[CG][A-Z0-9]{4,}$/, 'must be a channel id like C0123ABCD');

export const slackTeamFields = {
  /** Slack's team id (T…), team_id in every event. */
  teamId: slackTeamId,
  /** Bot token (xoxb-…) for chat.postMessage. */
  botToken: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token (xoxb-…)')
    .max(1000),
  /** The Slack app's signing secret: Events API requests are signed with it. */
  signingSecret: z.string().min(16, 'must be the app signing secret').max(200),
  /** Channel ids whose messages are support requests; others are ignored. */
  supportChannels: z.array(slackChannelId).min(1).max(100),
};

const atLeastOne = { message: 'give at least one field to change' };

/** POST /api/v1/messenger/pages: a Page of the workspace's Meta app. */
export const messengerPageBody = z.strictObject(messengerPageFields);
export type MessengerPageBody = z.infer<typeof messengerPageBody>;

/** PATCH /api/v1/messenger/pages/:pageId: a new token or secret; one left out is kept. */
export const messengerPageChangeBody = z
  .strictObject({ pageAccessToken: messengerPageFields.pageAccessToken, appSecret: messengerPageFields.appSecret })
  .partial()
  .refine((body) => Object.keys(body).length > 0, atLeastOne);
export type MessengerPageChangeBody = z.infer<typeof messengerPageChangeBody>;

/** POST /api/v1/slack/teams: a Slack team the workspace's app is installed in. */
export const slackTeamBody = z.strictObject(slackTeamFields);
export type SlackTeamBody = z.infer<typeof slackTeamBody>;

/** PATCH /api/v1/slack/teams/:teamId: new support channels, token or secret; what is left out is kept. */
export const slackTeamChangeBody = z
  .strictObject({
    botToken: slackTeamFields.botToken,
    signingSecret: slackTeamFields.signingSecret,
    supportChannels: slackTeamFields.supportChannels,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, atLeastOne);
export type SlackTeamChangeBody = z.infer<typeof slackTeamChangeBody>;

/** Where a notification goes in Slack: a channel of the workspace's team (teamId only when it has several). */
export const slackDestinationSchema = z.strictObject({ channel: slackChannelId, teamId: slackTeamId.optional() });
export type SlackDestination = z.infer<typeof slackDestinationSchema>;

/**
 * channel-social's internal POST slack/notifications (services only, with an Idempotency-Key: one post per key):
 * a text posted by the team's bot.
 */
export const slackNoticeBody = slackDestinationSchema.extend({ text: z.string().trim().min(1).max(3000) });
export type SlackNoticeBody = z.infer<typeof slackNoticeBody>;
