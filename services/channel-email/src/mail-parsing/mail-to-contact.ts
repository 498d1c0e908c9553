import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { classifyMail } from './mail-classification';
import { newTextOf } from './reply-text';
import {
  limitText,
  MESSAGE_ID_MAX_CHARS,
  SUBJECT_MAX_CHARS,
  type ContactReceivedV1,
  type PayloadInputOf,
} from '@threadline/contracts';

export type ContactPayload = PayloadInputOf<'contact.received.v1'>;

export interface AttachmentSink {
  put(content: Buffer, contentType: string, filename: string | null): Promise<string>;
}

export type MailParseResult =
  | { ok: true; contact: ContactPayload }
  /** Not a contact; kept raw with the reason. `ignored`: automatic or our own mail; `rejected`: nothing usable. */
  | { ok: false; kind: 'rejected' | 'ignored'; reason: string }
  /** A delivery report about a mail we sent: the sent message's id, for its ticket's timeline. */
  | { ok: false; kind: 'bounce'; reason: string; originalMessageId: string | null; diagnostic: string | null };

/**
 * Bounds on what one mail puts into its contact, so no mail is too big for
 * its event (Kafka takes 1 MB): the text is cut with a marker, sanitised HTML
 * longer than this is left out (the text still carries the message).
 */
const TEXT_MAX_CHARS = 100_000;
const HTML_MAX_CHARS = 200_000;
const MAX_REFERENCES = 50;

const SIMPLE_EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Turns one raw RFC 5322 message into a contact. mailparser decodes charsets
 * (UTF-8, ISO-8859-2, Windows-1250…), encoded words and transfer encodings;
 * HTML is sanitised before it goes anywhere.
 */
export async function mailToContact(
  raw: Buffer,
  options: {
    /** The mailbox's login: the recipient when the mail names none of `mailboxAddresses`. */
    recipient: string | null;
    /** The addresses the mailbox serves; the one this mail was sent to is the contact's recipient (replies come from it). */
    mailboxAddresses?: readonly string[];
    receivedAt: Date;
    attachments: AttachmentSink;
    maxAttachmentBytes: number;
    /** Addresses we send from: mail from them is ours coming back, not a customer. */
    ownAddresses?: ReadonlySet<string>;
    /** Which queue mail to an address feeds; the first route whose address the mail was sent to wins. */
    routes?: readonly { address: string; queue: string }[];
  },
): Promise<MailParseResult> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  } catch (error) {
    // Kept raw with the reason like any other mail not ingested; the sync goes on.
    return {
      ok: false,
      kind: 'rejected',
      reason: `unreadable mail: ${error instanceof Error ? error.message.slice(0, 200) : 'parser failed'}`,
    };
  }
  const mailClass = classifyMail(mail, options.ownAddresses ?? new Set());
  if (mailClass.kind === 'bounce') {
    const reason = `bounce: ${mailClass.recipient ?? 'unknown recipient'}: ${mailClass.diagnostic ?? 'no diagnostic'}`;
    return {
      ok: false,
      kind: 'bounce',
      reason,
      originalMessageId: mailClass.originalMessageId,
      diagnostic: mailClass.diagnostic,
    };
  }
  if (mailClass.kind !== 'customer') return { ok: false, kind: 'ignored', reason: `ignored: ${mailClass.reason}` };
  const sender = mail.from?.value.find((a) => a.address && SIMPLE_EMAIL.test(a.address));
  if (!sender?.address) return { ok: false, kind: 'rejected', reason: 'no usable From address' };

  const attachments: ContactReceivedV1['attachments'] = [];
  for (const part of mail.attachments) {
    if (part.size > options.maxAttachmentBytes) {
      attachments.push({
        ref: 'omitted:too-large',
        filename: part.filename ?? null,
        contentType: part.contentType,
        size: part.size,
        inline: false,
      });
      continue;
    }
    const ref = await options.attachments.put(part.content, part.contentType, part.filename ?? null);
    attachments.push({
      ref,
      filename: part.filename ?? null,
      contentType: part.contentType,
      size: part.size,
      inline: part.contentDisposition === 'inline' || Boolean(part.cid),
    });
  }

  const text = limitText(mail.text ?? '', TEXT_MAX_CHARS).text;
  const html = mail.html ? sanitizeMailHtml(mail.html) : null;
  return {
    ok: true,
    contact: {
      channel: 'email',
      providerMessageId: messageIdOf(mail.messageId) ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
      from: [{ kind: 'email', value: sender.address.toLowerCase(), ...(sender.name ? { displayName: sender.name } : {}) }],
      recipient: ownRecipient(mail, options.mailboxAddresses ?? []) ?? options.recipient,
      queue: queueFor(mail, options.routes ?? []),
      subject: mail.subject === undefined ? null : limitText(mail.subject, SUBJECT_MAX_CHARS).text,
      text,
      newText: text ? newTextOf(text) : null,
      html: html && html.length <= HTML_MAX_CHARS ? html : null,
      attachments,
      thread: { inReplyTo: messageIdOf(mail.inReplyTo), references: referencesOf(mail), providerThreadId: null },
      receivedAt: (mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : options.receivedAt).toISOString(),
    },
  };
}

function referencesOf(mail: ParsedMail): string[] {
  if (!mail.references) return [];
  const all = Array.isArray(mail.references) ? mail.references : [mail.references];
  // The newest references are the ones threading looks at first; a header of thousands is cut to them.
  return all.filter((id) => id.length <= MESSAGE_ID_MAX_CHARS).slice(-MAX_REFERENCES);
}

/** A Message-ID no real mailer writes (longer than a header line may be) is not one. */
function messageIdOf(id: string | undefined): string | null {
  return id && id.length <= MESSAGE_ID_MAX_CHARS ? id : null;
}

/** Scripts, event handlers, remote images and styles removed; links kept but made safe. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags,
    allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}

/** The queue of the first route whose address is among the mail's recipients. */
function queueFor(mail: ParsedMail, routes: readonly { address: string; queue: string }[]): string | null {
  if (routes.length === 0) return null;
  const recipients = recipientsOf(mail);
  return routes.find((r) => recipients.has(r.address.toLowerCase()))?.queue ?? null;
}

/** Which of the mailbox's own addresses (say reklamacje@ rather than its login) the customer wrote to. */
function ownRecipient(mail: ParsedMail, mailboxAddresses: readonly string[]): string | null {
  const recipients = recipientsOf(mail);
  return mailboxAddresses.map((a) => a.toLowerCase()).find((a) => recipients.has(a)) ?? null;
}

/** Every address the mail was sent to, lower case: To, Cc and Delivered-To. */
function recipientsOf(mail: ParsedMail): Set<string> {
  const listed = [mail.to, mail.cc]
    .flatMap((field) => (Array.isArray(field) ? field : field ? [field] : []))
    .flatMap((a) => a.value);
  const delivered = mail.headers.get('delivered-to');
  return new Set(
    [
      ...listed.map((a) => a.address?.toLowerCase()),
      ...(typeof delivered === 'string' ? [delivered.trim().toLowerCase()] : []),
    ].filter((a): a is string => Boolean(a)),
  );
}
