import { z } from 'zod';
import type { PayloadInputOf } from '@threadline/contracts';
import { limitContactText } from '../../inbound/contact-text';
import { textOfBlocks } from './slack-blocks';

/** The outer shapes Slack's Events API posts: the URL check, and every event wrapped in event_callback. */
export const slackRequestSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string().min(1) }),
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: z.string().min(1),
    api_app_id: z.string().optional(),
    event_id: z.string().min(1),
    event_time: z.number().optional(),
    event: z.looseObject({ type: z.string() }),
  }),
  // Slack stopped sending us a team's events for a minute (over 30,000 an hour): acknowledged and logged.
  z.looseObject({
    type: z.literal('app_rate_limited'),
    team_id: z.string().optional(),
    minute_rate_limited: z.number().optional(),
  }),
]);
/** A type Slack adds later: acknowledged (once signed), logged, not read. */
const otherRequestSchema = z.looseObject({ type: z.string().min(1), team_id: z.string().optional() });
export type SlackRequest =
  z.infer<typeof slackRequestSchema> | { type: 'other'; slackType: string; team_id?: string | undefined };

/** The request Slack posted, or null when it is no Events API request at all. */
export function parseSlackRequest(json: unknown): SlackRequest | null {
  const known = slackRequestSchema.safeParse(json);
  if (known.success) return known.data;
  const other = otherRequestSchema.safeParse(json);
  const knownType = ['url_verification', 'event_callback', 'app_rate_limited'].includes(other.data?.type ?? '');
  // A known type without its fields (an event_callback without event) is broken, not new.
  if (!other.success || knownType) return null;
  return { type: 'other', slackType: other.data.type, team_id: other.data.team_id };
}
export type SlackEventCallback = Extract<SlackRequest, { type: 'event_callback' }>;

const messageEvent = z.looseObject({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  user: z.string().min(1).optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  blocks: z.array(z.unknown()).optional(),
  ts: z.string().regex(/^\d+\.\d+$/),
  thread_ts: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
  files: z
    .array(
      z.looseObject({
        id: z.string(),
        name: z.string().nullable().optional(),
        title: z.string().nullable().optional(),
        mimetype: z.string().optional(),
        size: z.number().optional(),
        url_private: z.string().optional(),
      }),
    )
    .optional(),
});

/**
 * Subtypes that are still a person writing: a file shared with a comment, a
 * thread reply also sent to the channel, a /me message. Every other one
 * (channel_join, channel_topic, message_changed, bot_message…) is no contact.
 */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast', 'me_message']);

export interface SlackMessage {
  channel: string;
  user: string;
  text: string;
  ts: string;
  /** The thread's root ts: the message's own ts when it starts one. */
  threadTs: string;
  files: { name: string | null; contentType: string; size: number; url: string }[];
}

export type ReadSlackEvent = { kind: 'message'; message: SlackMessage } | { kind: 'ignored'; reason: string };

/**
 * A person's message from an event_callback, or why it is no contact: bot
 * messages (ours included, posted back to us), edits and deletions
 * (message_changed, message_deleted) and other subtypes, other event types.
 */
export function readSlackMessage(callback: SlackEventCallback): ReadSlackEvent {
  if (callback.event.type !== 'message') return { kind: 'ignored', reason: `event ${callback.event.type}` };
  const parsed = messageEvent.safeParse(callback.event);
  if (!parsed.success) return { kind: 'ignored', reason: 'message event without channel or ts' };
  const event = parsed.data;
  if (event.subtype && !PERSON_SUBTYPES.has(event.subtype)) return { kind: 'ignored', reason: `subtype ${event.subtype}` };
  if (event.bot_id || !event.user) return { kind: 'ignored', reason: 'bot message' };
  const files = event.files ?? [];
  // A file Slack gives no URL for (shared by a Slack Connect user: file_access check_file_info; hidden by the plan's limit).
  const unreachable = files.filter((f) => !f.url_private).map((f) => `[Plik niedostępny: ${f.name || f.title || f.id}]`);
  const text = event.text.trim() === '' ? textOfBlocks(event.blocks) : event.text;
  return {
    kind: 'message',
    message: {
      channel: event.channel,
      user: event.user,
      text: [text, ...unreachable].filter(Boolean).join('\n'),
      ts: event.ts,
      threadTs: event.thread_ts ?? event.ts,
      files: files
        .filter((f) => f.url_private)
        .map((f) => ({
          name: f.name || f.title || null,
          contentType: f.mimetype || 'application/octet-stream',
          size: f.size ?? 0,
          url: f.url_private!,
        })),
    },
  };
}

/** Our name of a Slack thread: the channel and the root message's ts (ts is unique only within a channel). */
export function slackThreadId(channel: string, threadTs: string): string {
  return `${channel}:${threadTs}`;
}

/** The reverse of slackThreadId, for answering in the thread. */
export function parseSlackThreadId(id: string | null): { channel: string; threadTs: string } | null {
  const match = id ? /^([A-Z0-9]+):(\d+\.\d+)$/.exec(id) : null;
  return match ? { channel: match[1], threadTs: match[2] } : null;
}

type ContactInput = PayloadInputOf<'contact.received.v1'>;

/**
 * The contact a Slack message becomes: from the Slack user (scoped by team),
 * threaded by the Slack thread so every reply in it joins the same ticket.
 * Files stay at Slack (url_private needs the bot token to open). Text
 * beyond our limit is cut with a marker.
 */
export function slackToContact(teamId: string, message: SlackMessage, now: Date): ContactInput {
  const sentAt = Math.round(Number(message.ts) * 1000);
  return {
    channel: 'slack',
    providerMessageId: `${message.channel}:${message.ts}`,
    from: [{ kind: 'slack', value: message.user, teamId }],
    recipient: message.channel,
    subject: null,
    text: limitContactText(message.text).text,
    html: null,
    attachments: message.files.map((f) => ({
      ref: f.url,
      filename: f.name,
      contentType: f.contentType,
      size: f.size,
      inline: false,
    })),
    thread: { inReplyTo: null, references: [], providerThreadId: slackThreadId(message.channel, message.threadTs) },
    receivedAt: new Date(Math.min(sentAt, now.getTime())).toISOString(),
  };
}
