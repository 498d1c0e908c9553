/** The languages customer-facing texts are written in. */
export const LANGUAGES = ['pl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const POLISH_LETTERS = /[ąćęłńóśźż]/i;
const POLISH_WORDS =
  /\b(dzień dobry|witam|proszę|prosze|dziękuję|dziekuje|pozdrawiam|zamówienie|zamowienie|reklamacja|faktura|jest|nie|się|sie)\b/i;
const ENGLISH_WORDS = /\b(hello|hi|dear|please|thank you|thanks|regards|order|invoice|the|and|is|my)\b/gi;

/**
 * The customer's language from what they wrote: Polish when it looks Polish,
 * English when it clearly is, otherwise the workspace's default. A guess
 * good enough for a greeting; an agent's reply is written by a person.
 */
export function guessLanguage(text: string, fallback: Language): Language {
  const sample = text.slice(0, 2000);
  if (POLISH_LETTERS.test(sample) || POLISH_WORDS.test(sample)) return 'pl';
  return (sample.match(ENGLISH_WORDS)?.length ?? 0) >= 2 ? 'en' : fallback;
}
