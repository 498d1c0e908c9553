import { ERASED_TEXT, stemOf, wordsOf } from '@threadline/contracts';

/** Stems are cut to this many letters, so alternating endings meet too ("fakturze" → "faktur", like "faktura"). */
const STEM_LETTERS = 6;
/** A contact's first words say what it is about; a long mail's quoted history and footer only add noise. */
export const MAX_TOKENS = 300;

/** Words that say nothing about a contact's reason (greetings, pronouns, particles), folded. */
const STOPWORDS = new Set(
  (
    'a aby ale albo bo by byc byl byla bylo czy dla do dzien dobry go ich i im jak jako jest jestem juz ja je jego jej ' +
    'juz lub ma mam mi mnie moj moja moje na nad nie niz o od oraz po pod pozdrawiam prosze przez przy sie sa ta tak ' +
    'te ten to tu ty u w we wiec z za ze zl the and to of for is on in it my me please hello dear regards thanks'
  ).split(' '),
);

/**
 * The features a contact's reason is learnt from: folded Polish words cut to
 * a short stem. Digits, addresses and anything with a digit (order numbers,
 * phone numbers, PESEL) are left out: they name a case or a person, never a
 * reason, and a model must not keep them. The erased marker is no text.
 */
export function contactTokens(...texts: (string | null | undefined)[]): string[] {
  const tokens: string[] = [];
  for (const text of texts) {
    if (!text || text === ERASED_TEXT) continue;
    const withoutAddresses = text.replace(/\S+@\S+/g, ' ').replace(/https?:\/\/\S+/g, ' ');
    for (const word of wordsOf(withoutAddresses)) {
      if (/\p{N}/u.test(word) || word.length < 2 || STOPWORDS.has(word)) continue;
      tokens.push(stemOf(word).slice(0, STEM_LETTERS));
      if (tokens.length >= MAX_TOKENS) return tokens;
    }
  }
  return tokens;
}
