import { z } from 'zod';
import { single, type TwilioForm } from '../twilio-webhooks/twilio-form';
import { InvalidWebhookError } from '../twilio-webhooks/invalid-webhook.error';

const statusFields = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
});

export interface StatusCallback {
  messageSid: string;
  messageStatus: string;
  errorCode: string | null;
}

/** Reads Twilio's message status callback (MessageSid, MessageStatus, ErrorCode). */
export function readStatusCallback(form: TwilioForm): StatusCallback {
  const parsed = statusFields.safeParse({
    MessageSid: single(form, 'MessageSid'),
    MessageStatus: single(form, 'MessageStatus'),
    ErrorCode: single(form, 'ErrorCode') || undefined,
  });
  if (!parsed.success) {
    throw new InvalidWebhookError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return {
    messageSid: parsed.data.MessageSid,
    messageStatus: parsed.data.MessageStatus,
    errorCode: parsed.data.ErrorCode ?? null,
  };
}
