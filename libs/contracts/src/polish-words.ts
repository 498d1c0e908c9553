/**
 * Polish words without a dictionary, shared by routing's keyword rules and
 * reporting's contact-reason classifier: folded (lower case, diacritics
 * dropped, ł → l) and cut to a stem by their inflection ending, so
 * "reklamacja", "reklamację", "reklamacji" all give "reklamacj". Limits: a
 * stem whose last consonant alternates ("paczka" / "w paczce") differs.
 */

/** Noun, adjective and verb endings, diacritics already folded (ą → a, ę → e, ó → o), longest first. */
const ENDINGS = [
  'iami',
  'owie',
  'ami',
  'ach',
  'ego',
  'emu',
  'ich',
  'ych',
  'imi',
  'ymi',
  'iem',
  'iom',
  'iow',
  'ow',
  'om',
  'em',
  'ie',
  'ej',
  'ym',
  'im',
  'mi',
  'a',
  'e',
  'i',
  'o',
  'u',
  'y',
];
const MIN_STEM = 4;
/** Words this short are kept whole: cutting them would leave too little to tell them apart. */
export const SHORT_WORD = 3;

export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l');
}

export function wordsOf(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The word without its inflection ending ("reklamację" → "reklamacj"); short words stay whole. */
export function stemOf(word: string): string {
  if (word.length <= SHORT_WORD) return word;
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM) return word.slice(0, -ending.length);
  }
  return word;
}
