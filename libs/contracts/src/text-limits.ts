/** The longest subject a contact carries, in characters; a longer one is cut (never refused). */
export const SUBJECT_MAX_CHARS = 2000;
/** RFC 5322's line limit: no real Message-ID is longer. */
export const MESSAGE_ID_MAX_CHARS = 998;

export interface LimitedText {
  text: string;
  /** The length before cutting, in characters. */
  fullLength: number;
  truncated: boolean;
}

/**
 * The text within `limit` characters, cut on a character boundary (never
 * halving an emoji) and ending with a marker that gives the full length, so
 * a reader knows something was left out. Channels cut rather than refuse: a
 * refused event would lose the customer's message.
 */
export function limitText(text: string, limit: number): LimitedText {
  const chars = [...text];
  if (chars.length <= limit) return { text, fullLength: chars.length, truncated: false };
  const marker = `… [skrócono, całość: ${chars.length} znaków]`;
  return { text: chars.slice(0, limit - [...marker].length).join('') + marker, fullLength: chars.length, truncated: true };
}
