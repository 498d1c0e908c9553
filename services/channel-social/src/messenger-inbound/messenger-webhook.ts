import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PayloadInputOf } from '@threadline/contracts';

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
      is_echo: z.boolean().optional(),
      quick_reply: z.looseObject({ payload: z.string() }).optional(),
      attachments: z
        .array(z.looseObject({ type: z.string(), payload: z.looseObject({ url: z.string().optional() }).nullable().optional() }))
        .optional(),
    })
    .optional(),
  postback: z
    .looseObject({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() })
    .optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).optional(), watermark: z.number() }).optional(),
  read: z.looseObject({ watermark: z.number() }).optional(),
});
type MessagingItem = z.infer<typeof messagingItem>;

export const messengerWebhookSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().min(1),
      time: z.number().optional(),
      // Events of conversations another app owns (handover protocol) come as standby[]: not ours to answer, not read.
      messaging: z.array(z.unknown()).default([]),
    }),
  ),
});
export type MessengerWebhook = z.infer<typeof messengerWebhookSchema>;

export interface MessengerAttachment {
  type: string;
  url: string | null;
}

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
  | { kind: 'unsupported'; pageId: string; reason: string };

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
  return webhook.entry.flatMap((entry) =>
    entry.messaging.map((raw): MessengerEvent => {
      const parsed = messagingItem.safeParse(raw);
      if (!parsed.success) return { kind: 'unsupported', pageId: entry.id, reason: 'not a messaging event we know' };
      return classify(entry.id, parsed.data);
    }),
  );
}

function classify(pageId: string, item: MessagingItem, now = Date.now()): MessengerEvent {
  const { message, postback, delivery, read } = item;
  const timestamp = item.timestamp ?? now;
  if (message?.is_echo) return { kind: 'echo', pageId, mid: message.mid };
  const psid = item.sender.id;
  if (message) {
    const attachments = (message.attachments ?? []).map((a) => ({ type: a.type, url: a.payload?.url ?? null }));
    // A quick reply's text is the button's title the customer tapped; its payload is ours and says nothing to an agent.
    const text = message.text ?? attachments.map((a) => `[${a.type}]`).join(' ');
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
  return { kind: 'unsupported', pageId, reason: 'no message, postback, delivery or read' };
}

/** Older postbacks carry no mid: the same tap redelivered must get the same id. */
function postbackId(pageId: string, psid: string, timestamp: number, payload: string): string {
  const hash = createHash('sha256').update(`${pageId}\u0000${psid}\u0000${timestamp}\u0000${payload}`).digest('hex');
  return `postback:${hash.slice(0, 32)}`;
}

const ATTACHMENT_TYPES: Record<string, string> = {
  image: 'image/*',
  video: 'video/*',
  audio: 'audio/*',
  file: 'application/octet-stream',
};

type ContactInput = PayloadInputOf<'contact.received.v1'>;
type ContactEvent = Extract<MessengerEvent, { kind: 'contact' }>;

/**
 * The contact a Messenger message becomes. Attachments stay at Meta: a
 * reference to their URL with the kind of content (the size is unknown
 * without downloading). Ones without a URL (a location) are in the text.
 */
export function messengerToContact(event: ContactEvent, now: Date): ContactInput {
  return {
    channel: 'messenger',
    providerMessageId: event.mid,
    from: [{ kind: 'messenger', value: event.psid, pageId: event.pageId }],
    recipient: event.pageId,
    subject: null,
    text: event.text,
    html: null,
    attachments: event.attachments
      .filter((a): a is MessengerAttachment & { url: string } => a.url !== null && a.url !== '')
      .map((a) => ({
        ref: a.url,
        filename: null,
        contentType: ATTACHMENT_TYPES[a.type] ?? `application/x-messenger-${a.type.replace(/[^a-z_]/gi, '')}`,
        size: 0,
        inline: false,
      })),
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    // Meta's timestamp, unless a clock ahead of ours would put the message in the future.
    receivedAt: new Date(Math.min(event.at.getTime(), now.getTime())).toISOString(),
  };
}
