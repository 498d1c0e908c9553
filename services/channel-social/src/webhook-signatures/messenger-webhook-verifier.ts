import type { PageDirectory } from '../messenger/pages/page-directory';
import { pageIdsOf, type MessengerWebhook } from '../messenger/inbound/messenger-webhook';
import { isValidMetaSignature } from './meta-signature';

export type MessengerVerdict = 'valid' | 'forged' | 'no-known-page';

/**
 * Meta signs a page webhook with the secret of the app the Pages are
 * subscribed through. The body names the Pages; each known one's app secret
 * must match (a batch of one app's Pages shares it). With no known Page there
 * is nothing to check against, and nothing will be published either.
 */
export async function verifyMessengerWebhook(
  pages: PageDirectory,
  webhook: MessengerWebhook,
  rawBody: Buffer | undefined,
  signature: string | undefined,
): Promise<MessengerVerdict> {
  const known = (await Promise.all(pageIdsOf(webhook).map((id) => pages.find(id)))).filter((p) => p !== null);
  if (known.length === 0) return 'no-known-page';
  const secrets = new Set(known.map((p) => p.appSecret));
  return [...secrets].every((secret) => isValidMetaSignature(secret, rawBody, signature)) ? 'valid' : 'forged';
}
