import { limitText, type LimitedText } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';

/**
 * The longest contact text we pass on, in characters: Slack's own limit for a
 * message (Messenger's is 2,000), and at 4 bytes a character still far below
 * Kafka's 1 MB message. Longer text is cut, not refused: a refused event would
 * be dead-lettered and the customer's message lost.
 */
export const CONTACT_TEXT_LIMIT = 40_000;

/** The text within the limit, cut on a character boundary and marked with the full length. */
export function limitContactText(text: string, limit = CONTACT_TEXT_LIMIT): LimitedText {
  return limitText(text, limit);
}

/** A cut text is logged with its full length (never its content). */
export function warnIfTruncated(logger: Logger, text: string, context: Record<string, unknown>): void {
  const { truncated, fullLength } = limitContactText(text);
  if (truncated) logger.warn({ ...context, fullLength, limit: CONTACT_TEXT_LIMIT }, 'contact text longer than we keep; cut');
}
