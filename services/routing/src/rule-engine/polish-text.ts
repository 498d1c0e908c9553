import { foldText, SHORT_WORD, stemOf, wordsOf } from '@threadline/contracts';

/**
 * Polish-aware keyword matching without a dictionary. Text and keywords are
 * folded the same way — lower case, diacritics dropped (ł → l) — and a
 * keyword's inflection ending is cut off, leaving a stem. A word of the text
 * matches when it starts with that stem and has at most MAX_ENDING more
 * letters: "reklamacja" → stem "reklamacj", which "reklamację", "reklamacji",
 * "reklamacjami" all continue. The stem is the keyword's, never the text's,
 * so an admin sees what they wrote matched by its inflected forms. Limits: a
 * stem whose last consonant alternates ("paczka" / "w paczce", "Polska" /
 * "w Polsce") misses that form — add it as a second keyword; a very short
 * keyword (≤ 3 letters) matches only itself.
 */

/** How many letters an inflected form may add after the keyword's stem ("reklamacj" + "ami"). */
const MAX_ENDING = 4;

export { foldText, stemOf, wordsOf };

/** A keyword or phrase ready to match: one stem per word, and whether each word must match exactly. */
export interface KeywordMatcher {
  keyword: string;
  stems: { stem: string; exact: boolean }[];
}

export function keywordMatcher(keyword: string): KeywordMatcher {
  return { keyword, stems: wordsOf(keyword).map((w) => ({ stem: stemOf(w), exact: w.length <= SHORT_WORD })) };
}

const HEAD = SHORT_WORD;

/**
 * The words of a subject and message, indexed by their first letters, so a
 * keyword looks only at the words that could continue its stem: with 200
 * rules of keywords per contact, scanning the whole text for each would cost
 * rules × keywords × words.
 */
export class TextIndex {
  private readonly words: string[];
  private readonly byHead = new Map<string, number[]>();

  constructor(text: string) {
    this.words = wordsOf(text);
    this.words.forEach((word, position) => {
      const head = word.slice(0, HEAD);
      const positions = this.byHead.get(head);
      if (positions) positions.push(position);
      else this.byHead.set(head, [position]);
    });
  }

  contains(matcher: KeywordMatcher): boolean {
    const [first, ...rest] = matcher.stems;
    if (!first) return false;
    for (const position of this.byHead.get(first.stem.slice(0, HEAD)) ?? []) {
      if (!wordMatches(this.words[position], first)) continue;
      if (rest.every((s, i) => position + 1 + i < this.words.length && wordMatches(this.words[position + 1 + i], s))) return true;
    }
    return false;
  }
}

function wordMatches(word: string, { stem, exact }: { stem: string; exact: boolean }): boolean {
  if (exact) return word === stem;
  return word.startsWith(stem) && word.length - stem.length <= MAX_ENDING;
}
