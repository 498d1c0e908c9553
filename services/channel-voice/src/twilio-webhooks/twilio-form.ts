import type { Request } from 'express';

/** A Twilio webhook's POST parameters, exactly as sent (a repeated name keeps every value). */
export type TwilioForm = Record<string, string | string[]>;

/**
 * Parses the raw form body ourselves instead of trusting Express's extended
 * (qs) parser, which rewrites names with brackets and caps the parameter
 * count: the signature covers the parameters exactly as Twilio sent them.
 */
export function parseTwilioForm(raw: Buffer | string | undefined): TwilioForm {
  const form: TwilioForm = {};
  if (!raw) return form;
  for (const [name, value] of new URLSearchParams(typeof raw === 'string' ? raw : raw.toString('utf8'))) {
    const seen = form[name];
    form[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return form;
}

/** One value of a parameter (the first, if repeated). */
export function single(form: TwilioForm, name: string): string | undefined {
  const value = form[name];
  return Array.isArray(value) ? value[0] : value;
}

export type RequestWithRawBody = Request & { rawBody?: Buffer };
