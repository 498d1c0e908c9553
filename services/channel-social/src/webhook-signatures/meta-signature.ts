import { createHmac, timingSafeEqual } from 'node:crypto';

export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

/** Meta's `sha256=<hex>` for a body signed with `appSecret`. */
export function metaSignature(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Checks X-Hub-Signature-256 over the bytes Meta sent. Never over a
 * re-serialised body: Meta escapes non-ASCII (ł → \u0142) before signing,
 * so JSON.stringify of the parsed body differs for Polish text.
 */
export function isValidMetaSignature(appSecret: string, rawBody: Buffer | undefined, header: string | undefined): boolean {
  if (!rawBody || !header) return false;
  const expected = Buffer.from(metaSignature(appSecret, rawBody));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
