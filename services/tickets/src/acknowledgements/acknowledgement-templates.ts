export const LANGUAGES = ['pl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface AcknowledgementInput {
  number: number;
  /** The customer's subject, if they gave one. */
  subject: string | null;
}

/**
 * "We have your request, number #1042" — in the customer's language. The
 * `[#N]` token in the subject keeps their answer on the ticket.
 */
export function acknowledgement(language: Language, { number, subject }: AcknowledgementInput) {
  const about = subject?.trim() ? `: ${subject.trim()}` : '';
  if (language === 'en') {
    return {
      subject: `We have your request [#${number}]${about}`,
      text: [
        'Hello,',
        '',
        `thank you for your message. We have registered it as request #${number} and will answer as soon as we can.`,
        'If you write again about this matter, please reply to this e-mail or keep the number in the subject.',
        '',
        'Kind regards,',
        'Customer Service',
      ].join('\n'),
    };
  }
  return {
    subject: `Otrzymaliśmy Twoje zgłoszenie [#${number}]${about}`,
    text: [
      'Dzień dobry,',
      '',
      `dziękujemy za wiadomość. Zarejestrowaliśmy ją jako zgłoszenie nr ${number} i odpowiemy najszybciej, jak to możliwe.`,
      'Pisząc ponownie w tej sprawie, prosimy odpowiedzieć na tę wiadomość lub zachować numer zgłoszenia w temacie.',
      '',
      'Z poważaniem',
      'Biuro Obsługi Klienta',
    ].join('\n'),
  };
}

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
