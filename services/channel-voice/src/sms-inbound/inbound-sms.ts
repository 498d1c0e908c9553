import { z } from 'zod';
import { normalizePhone, type PayloadInputOf } from '@threadline/contracts';
import { InvalidWebhookError } from '../twilio-webhooks/invalid-webhook.error';
import { single, type TwilioForm } from '../twilio-webhooks/twilio-form';

/** Twilio allows at most 10 media per MMS; more indexes than that are not Twilio's. */
const MAX_MEDIA = 10;

const inboundFields = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-zA-Z]{32}$/, 'not a Twilio message sid'),
  AccountSid: z.string().min(1),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().default(''),
  NumMedia: z.coerce.number().int().min(0).max(MAX_MEDIA).default(0),
});

export interface InboundSms {
  messageSid: string;
  accountSid: string;
  /** The sender as E.164, or null for what is no phone number (an alphanumeric sender id). */
  from: string | null;
  rawFrom: string;
  to: string;
  body: string;
  media: { url: string; contentType: string }[];
}

/** Reads Twilio's incoming-message webhook fields (MessageSid, From, To, Body, NumMedia, MediaUrlN, MediaContentTypeN). */
export function readInboundSms(form: TwilioForm): InboundSms {
  const flat = Object.fromEntries(Object.keys(form).map((name) => [name, single(form, name)]));
  const parsed = inboundFields.safeParse(flat);
  if (!parsed.success) {
    throw new InvalidWebhookError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const fields = parsed.data;
  const media: InboundSms['media'] = [];
  for (let i = 0; i < fields.NumMedia; i++) {
    const url = single(form, `MediaUrl${i}`);
    if (!url) throw new InvalidWebhookError(`MediaUrl${i} missing though NumMedia is ${fields.NumMedia}`);
    media.push({ url, contentType: single(form, `MediaContentType${i}`) || 'application/octet-stream' });
  }
  return {
    messageSid: fields.MessageSid,
    accountSid: fields.AccountSid,
    from: normalizePhone(fields.From),
    rawFrom: fields.From,
    to: fields.To,
    body: fields.Body,
    media,
  };
}

type ContactInput = PayloadInputOf<'contact.received.v1'>;

/**
 * The contact an SMS or MMS becomes. Media stay at Twilio: the contact carries
 * their URLs as references with the content type (the size is not known
 * without downloading, so 0).
 */
export function smsToContact(sms: InboundSms & { from: string }, receivedAt: Date): ContactInput {
  return {
    channel: 'sms',
    providerMessageId: sms.messageSid,
    from: [{ kind: 'phone', value: sms.from }],
    recipient: sms.to,
    subject: null,
    text: sms.body,
    html: null,
    attachments: sms.media.map((m) => ({ ref: m.url, filename: null, contentType: m.contentType, size: 0, inline: false })),
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    receivedAt: receivedAt.toISOString(),
  };
}
