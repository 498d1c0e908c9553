import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@threadline/contracts';
import { baseUrl, jsonList } from '../../config-fields';

/** The ticket events that carry the ticket's facts, so rules can match on them. */
export const NOTIFYING_EVENTS = ['ticket.created.v1', 'ticket.updated.v1'] as const;
export type NotifyingEvent = (typeof NOTIFYING_EVENTS)[number];

export const LANGUAGES = ['pl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const label = z.string().trim().min(1).max(100);

/** What must hold for a ticket (all of the given facts); the rule fires when this becomes true. */
export const ticketFactsSchema = z.strictObject({
  category: label.optional(),
  /** A tag the ticket carries. */
  tag: label.optional(),
  queue: label.optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
});
export type TicketFacts = z.infer<typeof ticketFactsSchema>;
export const FACTS = ['category', 'tag', 'queue', 'priority', 'status'] as const satisfies readonly (keyof TicketFacts)[];

export const notificationRuleSchema = z
  .strictObject({
    /** Stable name of the rule: what was posted is remembered per rule id, so keep it when editing the rule. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes, like complaint-billing'),
    workspaceId: z.string().min(1),
    /** The Slack team whose bot posts (one of the workspace's teams). */
    teamId: z.string().regex(/^T[A-Z0-9]{4,}$/, 'must be a Slack team id like T0123ABCD'),
    /** The department's channel id (the bot must be a member). */
    channel: z.string().regex(/^[CG][A-Z0-9]{4,}$/, 'must be a channel id like C0123ABCD'),
    when: ticketFactsSchema.extend({
      /** Which events may fire the rule: a new ticket, a change to one, or both (the default). */
      events: z
        .array(z.enum(NOTIFYING_EVENTS))
        .min(1)
        .default([...NOTIFYING_EVENTS]),
    }),
    /** What the department should do, in the rule's language (Slack mrkdwn, so <!here> works). */
    message: z.string().trim().min(1).max(500).optional(),
    language: z.enum(LANGUAGES).default('pl'),
  })
  .refine(({ when }) => FACTS.some((fact) => when[fact] !== undefined) || when.events.every((e) => e === 'ticket.created.v1'), {
    path: ['when'],
    message: 'needs a fact (category, tag, queue, priority or status), or events: ["ticket.created.v1"] for every new ticket',
  });
export type NotificationRule = z.infer<typeof notificationRuleSchema>;

const ruleList = jsonList(notificationRuleSchema, '{id, workspaceId, teamId, channel, when, message?, language?}', (rules) =>
  new Set(rules.map((r) => r.id)).size === rules.length ? null : 'each rule needs its own id',
);

/** The settings of Slack notifications; spread into the service's config schema. */
export const slackNotificationsConfigShape = {
  /** Rules posting ticket news into department channels; off while empty. */
  SLACK_NOTIFICATIONS: ruleList.default([]),
  /** The agent app's address: notifications link to `<base>/tickets/<number>`; no link without it. */
  SLACK_NOTIFICATIONS_TICKET_BASE_URL: baseUrl.optional(),
  SLACK_NOTIFICATIONS_CONSUMER_GROUP: z.string().min(1).default('channel-social.slack-notifications'),
};
type NotificationsConfig = z.infer<z.ZodObject<typeof slackNotificationsConfigShape>>;

export interface SlackNotificationSettings {
  rules: NotificationRule[];
  ticketBaseUrl: string | null;
  consumerGroup: string;
}

export function slackNotificationSettingsOf(config: NotificationsConfig): SlackNotificationSettings | null {
  if (config.SLACK_NOTIFICATIONS.length === 0) return null;
  return {
    rules: config.SLACK_NOTIFICATIONS,
    ticketBaseUrl: config.SLACK_NOTIFICATIONS_TICKET_BASE_URL ?? null,
    consumerGroup: config.SLACK_NOTIFICATIONS_CONSUMER_GROUP,
  };
}
