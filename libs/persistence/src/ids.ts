import { createHash } from 'node:crypto';

/**
 * A stable id from the parts that identify a thing (e.g. workspace + channel +
 * provider message id). Redelivered events map to the same document, which is
 * how consumers stay idempotent without transactions.
 */
export function deterministicId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** The tickets service's timeline entry id of a contact (`ticket.message-added.v1`'s messageId): one per provider message. */
export function contactEntryId(workspaceId: string, channel: string, providerMessageId: string): string {
  return deterministicId(workspaceId, 'contact', channel, providerMessageId);
}
