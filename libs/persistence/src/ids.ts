import { createHash } from 'node:crypto';

/**
 * A stable id from the parts that identify a thing (e.g. workspace + channel +
 * provider message id). Redelivered events map to the same document, which is
 * how consumers stay idempotent without transactions.
 */
export function deterministicId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
