import { InvalidWebhookError } from './invalid-webhook.error';
import { single, type TwilioForm } from './twilio-form';

/** The CallSid every voice webhook carries; without it the request is not Twilio's. */
export function callSidOf(form: TwilioForm): string {
  const sid = single(form, 'CallSid') ?? '';
  if (!/^CA[0-9a-fA-F]{32}$/.test(sid)) throw new InvalidWebhookError('CallSid: not a Twilio call sid');
  return sid;
}

/** A whole number of seconds (QueueTime, CallDuration…); absent or garbled → null. */
export function secondsOf(form: TwilioForm, name: string): number | null {
  const raw = single(form, name);
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
}

export function textOf(form: TwilioForm, name: string): string {
  return single(form, name) ?? '';
}
