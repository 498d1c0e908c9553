import type { Logger } from '@threadline/observability';

/**
 * The longest contact text we pass on, in characters: Slack's own limit for a
 * message (Messenger's is 2,000), and at 4 bytes a character still far below
 * Kafka's 1 MB message. Longer text is cut, not refused: a refused event would
 * be dead-lettered and the customer's message lost.
 */
export const CONTACT_TEXT_LIMIT = 40_000;

export interface LimitedText {
  text: string;
  /** The length before cutting, in characters. */
  fullLength: number;
  truncated: boolean;
}

/** The text within the limit, cut on a character boundary (never halving an emoji) and marked with the full length. */
export function limitContactText(text: string, limit = CONTACT_TEXT_LIMIT): LimitedText {
  const chars = [...text];
  if (chars.length <= limit) return { text, fullLength: chars.length, truncated: false };
  const marker = `… [skrócono, całość: ${chars.length} znaków]`;
  return { text: chars.slice(0, limit - [...marker].length).join('') + marker, fullLength: chars.length, truncated: true };
}

/** A cut text is logged with its full length (never its content). */
export function warnIfTruncated(logger: Logger, text: string, context: Record<string, unknown>): void {
  const { truncated, fullLength } = limitContactText(text);
  if (truncated) logger.warn({ ...context, fullLength, limit: CONTACT_TEXT_LIMIT }, 'contact text longer than we keep; cut');
}
