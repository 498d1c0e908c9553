import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PayloadInputOf } from '@threadline/contracts';
import { limitContactText } from '../../inbound/contact-text';
import { describeMessengerAttachment, type MessengerAttachment } from './messenger-attachments';

const id = z.object({ id: z.string().min(1) });

/** One messaging[] item of Meta's page webhook; fields we do not use are let through untouched. */
const messagingItem = z.looseObject({
  sender: id,
  recipient: id,
  // Meta's delivery receipts come without one.
  timestamp: z.number().int().nonnegative().optional(),
  message: z
    .looseObject({
      mid: z.string().min(1),
      text: z.string().optional(),
      sticker_id: z.union([z.number(), z.string()]).optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.looseObject({ payload: z.string() }).optional(),
      // Read field by field (messenger-attachments): a kind Meta adds later must not break the message.
      attachments: z.array(z.record(z.string(), z.unknown())).optional(),
    })
    .optional(),
  postback: z
    .looseObject({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() })
    .optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).optional(), watermark: z.number() }).optional(),
  read: z.looseObject({ watermark: z.number() }).optional(),
  reaction: z.looseObject({ mid: z.string().optional(), action: z.string().optional() }).optional(),
  message_edit: z.looseObject({ mid: z.string().optional(), num_edit: z.number().optional() }).optional(),
});
type MessagingItem = z.infer<typeof messagingItem>;

export const messengerWebhookSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().min(1),
      time: z.number().optional(),
      messaging: z.array(z.unknown()).default([]),
      // Events of conversations another app owns (handover protocol): not ours to answer, counted and not read.
      standby: z.array(z.unknown()).default([]),
      // Page feed changes (a subscription to other fields than Messenger's): not messages.
      changes: z.array(z.unknown()).default([]),
    }),
  ),
});
export type MessengerWebhook = z.infer<typeof messengerWebhookSchema>;

/** What one messaging[] item means to us. */
export type MessengerEvent =
  | {
      kind: 'contact';
      pageId: string;
      psid: string;
      /** message.mid, or a deterministic id for a postback without one. */
      mid: string;
      text: string;
      attachments: MessengerAttachment[];
      at: Date;
    }
  | { kind: 'delivery'; pageId: string; psid: string; mids: string[] }
  | { kind: 'read'; pageId: string; psid: string; watermark: number }
  | { kind: 'echo'; pageId: string; mid: string }
  /** An edit of a message already received: the contact keeps the first text (the edit is only logged). */
  | { kind: 'edit'; pageId: string; psid: string; mid: string | null }
  /** A reaction, an opt-in, a referral, standby…: known, no contact. */
  | { kind: 'unsupported'; pageId: string; reason: string }
  /** An item we cannot read (no sender, not an object). */
  | { kind: 'malformed'; pageId: string; reason: string };

/** The page ids a webhook names, to find the app secret it must be signed with. */
export function pageIdsOf(webhook: MessengerWebhook): string[] {
  return [...new Set(webhook.entry.map((e) => e.id))];
}

/**
 * Every event of every entry, in order (a POST batches several entries, each
 * with several events; keeping only the first would lose messages).
 */
export function readMessengerEvents(webhook: MessengerWebhook): MessengerEvent[] {
  if (webhook.object !== 'page') return [];
  return webhook.entry.flatMap((entry) => [
    ...entry.messaging.map((raw): MessengerEvent => {
      const parsed = messagingItem.safeParse(raw);
      if (!parsed.success) return { kind: 'malformed', pageId: entry.id, reason: malformedReason(raw) };
      return classify(entry.id, parsed.data);
    }),
    ...entry.standby.map((): MessengerEvent => ({ kind: 'unsupported', pageId: entry.id, reason: 'standby' })),
    ...entry.changes.map((): MessengerEvent => ({ kind: 'unsupported', pageId: entry.id, reason: 'changes' })),
  ]);
}

function malformedReason(raw: unknown): string {
  const fields = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
  if (!fields) return 'not an object';
  if (!(fields.sender as { id?: unknown } | undefined)?.id) return 'no sender';
  if (!(fields.recipient as { id?: unknown } | undefined)?.id) return 'no recipient';
  return 'fields of the wrong type';
}

/** The messaging[] fields Meta documents that are no customer message: named in the log. */
const OTHER_EVENTS = [
  'optin',
  'referral',
  'account_linking',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'app_roles',
  'policy_enforcement',
];

function classify(pageId: string, item: MessagingItem, now = Date.now()): MessengerEvent {
  const { message, postback, delivery, read, reaction, message_edit: edit } = item;
  const timestamp = item.timestamp ?? now;
  if (message?.is_echo) return { kind: 'echo', pageId, mid: message.mid };
  const psid = item.sender.id;
  if (message) {
    const attachments = (message.attachments ?? []).map((a) => describeMessengerAttachment(a, message.sticker_id));
    // A quick reply's text is the button's title the customer tapped; its payload is ours and says nothing to an agent.
    // Each attachment adds a line saying what it is, so one without text is never an empty contact.
    const text = [message.text, ...attachments.map((a) => a.text)].filter(Boolean).join('\n');
    return { kind: 'contact', pageId, psid, mid: message.mid, text, attachments, at: new Date(timestamp) };
  }
  if (postback) {
    const mid = postback.mid ?? postbackId(pageId, psid, timestamp, postback.payload ?? '');
    return {
      kind: 'contact',
      pageId,
      psid,
      mid,
      text: postback.title ?? postback.payload ?? '',
      attachments: [],
      at: new Date(timestamp),
    };
  }
  if (delivery) return { kind: 'delivery', pageId, psid, mids: delivery.mids ?? [] };
  if (read) return { kind: 'read', pageId, psid, watermark: read.watermark };
  // A reaction is no contact: the customer wrote nothing an agent has to answer.
  if (reaction) return { kind: 'unsupported', pageId, reason: `reaction ${reaction.action ?? ''}`.trim() };
  if (edit) return { kind: 'edit', pageId, psid, mid: edit.mid ?? null };
  const other = OTHER_EVENTS.find((field) => field in item);
  return { kind: 'unsupported', pageId, reason: other ?? 'no message, postback, delivery or read' };
}

/** Older postbacks carry no mid: the same tap redelivered must get the same id. */
function postbackId(pageId: string, psid: string, timestamp: number, payload: string): string {
  const hash = createHash('sha256').update(`${pageId}\u0000${psid}\u0000${timestamp}\u0000${payload}`).digest('hex');
  return `postback:${hash.slice(0, 32)}`;
}

type ContactInput = PayloadInputOf<'contact.received.v1'>;
type ContactEvent = Extract<MessengerEvent, { kind: 'contact' }>;

/**
 * The contact a Messenger message becomes. Attachments stay at Meta: a
 * reference to their URL (a location's: a map) with the kind of content (the
 * size is unknown without downloading); ones without any are in the text.
 * Text beyond our limit is cut with a marker.
 */
export function messengerToContact(event: ContactEvent, now: Date): ContactInput {
  return {
    channel: 'messenger',
    providerMessageId: event.mid,
    from: [{ kind: 'messenger', value: event.psid, pageId: event.pageId }],
    recipient: event.pageId,
    subject: null,
    text: limitContactText(event.text).text,
    html: null,
    attachments: event.attachments
      .filter((a): a is MessengerAttachment & { ref: string } => a.ref !== null)
      .map((a) => ({ ref: a.ref, filename: null, contentType: a.contentType, size: 0, inline: false })),
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    // Meta's timestamp, unless a clock ahead of ours would put the message in the future.
    receivedAt: new Date(Math.min(event.at.getTime(), now.getTime())).toISOString(),
  };
}
