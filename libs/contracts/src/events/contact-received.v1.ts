import { z } from 'zod';
import { MESSAGE_ID_MAX_CHARS, SUBJECT_MAX_CHARS } from '../text-limits';

export const CHANNELS = ['email', 'voice', 'sms', 'messenger', 'slack', 'chat'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/**
 * A customer's e-mail address, internationalised ones included (RFC 6531: `ewa.zielińska@example.pl`):
 * zod's default refuses a non-ASCII local part, and such a mail was set aside instead of becoming a contact.
 */
export const customerEmailSchema = z.email({ pattern: z.regexes.unicodeEmail });

/** Ways a customer can be recognised. Values are normalised by the channel. */
export const identitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), value: customerEmailSchema, displayName: z.string().optional() }),
  z.object({ kind: z.literal('phone'), value: z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone must be E.164') }),
  z.object({ kind: z.literal('messenger'), value: z.string().min(1), pageId: z.string().min(1) }),
  z.object({ kind: z.literal('slack'), value: z.string().min(1), teamId: z.string().min(1) }),
  z.object({ kind: z.literal('chat'), value: z.string().min(1) }),
]);
export type Identity = z.infer<typeof identitySchema>;

export const attachmentRefSchema = z.object({
  /** Where the bytes are kept (a storage reference, never the bytes themselves). */
  ref: z.string().min(1),
  filename: z.string().nullable(),
  contentType: z.string().min(1),
  size: z.number().int().nonnegative(),
  inline: z.boolean().default(false),
});

export const threadHintsSchema = z.object({
  inReplyTo: z.string().nullable().default(null),
  references: z.array(z.string()).default([]),
  /** Provider thread (Slack thread_ts, chat session id). */
  providerThreadId: z.string().nullable().default(null),
});

/** `callback`: after the maximum wait the caller asked to be called back instead of waiting on. */
export const CALL_OUTCOMES = ['answered', 'abandoned', 'voicemail', 'callback', 'message', 'missed'] as const;

/** What a phone call was (channel `voice`); the contact's `text` says the same in words. */
export const callFactsSchema = z.object({
  outcome: z.enum(CALL_OUTCOMES),
  /** The call queue the caller waited in, if any. */
  queue: z.string().nullable(),
  waitSeconds: z.number().int().nonnegative().nullable(),
  talkSeconds: z.number().int().nonnegative().nullable(),
  /** The whole call as Twilio measured it. */
  durationSeconds: z.number().int().nonnegative().nullable(),
  recordingUrl: z.string().nullable(),
  recordingSeconds: z.number().int().nonnegative().nullable(),
});
export type CallFacts = z.infer<typeof callFactsSchema>;

export const contactReceivedV1 = z.object({
  channel: channelSchema,
  /** Unique per channel: with the channel it identifies the contact (idempotency key). */
  providerMessageId: z.string().min(1).max(MESSAGE_ID_MAX_CHARS),
  from: z.array(identitySchema).min(1),
  /** Address, number or page the customer contacted. */
  recipient: z.string().nullable(),
  /** The queue the contacted address feeds (e.g. reklamacje@ → complaints); a new ticket starts there. */
  queue: z.string().nullable().default(null),
  subject: z.string().max(SUBJECT_MAX_CHARS).nullable(),
  text: z.string(),
  /** The new part of a reply, without the quoted history (null when nothing was quoted); `text` keeps all of it. */
  newText: z.string().nullable().default(null),
  /** HTML after sanitising; null when the contact had none. */
  html: z.string().nullable(),
  attachments: z.array(attachmentRefSchema).default([]),
  thread: threadHintsSchema,
  receivedAt: z.iso.datetime({ offset: true }),
  /** Phone calls only (added in a compatible way: absent and null for every other contact). */
  call: callFactsSchema.nullable().default(null),
});
export type ContactReceivedV1 = z.infer<typeof contactReceivedV1>;
