import EmailReplyParser from 'email-reply-parser';

/**
 * Where a quoted earlier message starts, for clients email-reply-parser does
 * not know: Polish Outlook ("Od: … Wysłano: …") and Polish forwarded/quoted
 * markers. English clients, Gmail's "W dniu … napisał(a):" and Outlook's
 * "-----Original Message-----" are the library's.
 */
const POLISH_QUOTE_START = [
  /^-{2,}\s*(wiadomo[śs][ćc] oryginalna|oryginalna wiadomo[śs][ćc]|przekazana wiadomo[śs][ćc])\s*-{2,}\s*$/im,
  /^Od:\s.+\r?\n(?:.*\r?\n){0,2}?(Wys[łl]ano|Data):\s.+$/im,
];

/**
 * The new text of a reply without the quoted history, or null when nothing
 * was quoted. The full text is always kept beside it.
 */
export function newTextOf(text: string): string | null {
  let cut = text;
  for (const pattern of POLISH_QUOTE_START) {
    const match = pattern.exec(cut);
    if (match) cut = cut.slice(0, match.index);
  }
  const visible = new EmailReplyParser().read(cut).getVisibleText().trim();
  return visible.length > 0 && visible.length < text.trim().length ? visible : null;
}
