import type { Language } from '@threadline/contracts';

export { guessLanguage, LANGUAGES, type Language } from '@threadline/contracts';

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
