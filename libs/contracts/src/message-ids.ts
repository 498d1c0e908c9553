/**
 * Our outbound e-mails carry a Message-ID whose local part names the timeline
 * entry they were sent from: `<tl.{entryId}@{mailbox domain}>`. A customer's
 * reply quotes it in In-Reply-To / References, which leads straight back to
 * the ticket whatever the subject says — and whatever domain sent it.
 */
const PREFIX = 'tl.';

export function outboundMessageId(entryId: string, domain: string): string {
  return `<${PREFIX}${entryId}@${domain}>`;
}

/** The timeline entry id inside one of our Message-IDs, or null for anybody else's. */
export function entryIdFromMessageId(messageId: string): string | null {
  const match = /^<?tl\.([0-9a-f]{32})@[^>\s]+>?$/i.exec(messageId.trim());
  return match ? match[1].toLowerCase() : null;
}
