import {
  fillTemplate,
  type AcknowledgementSettings,
  type AcknowledgementTemplate,
  type Channel,
  type Language,
} from '@threadline/contracts';

export { guessLanguage, LANGUAGES, type Language } from '@threadline/contracts';

/** The texts a workspace gets until its admin writes its own. The `[#N]` token in the subject keeps answers on the ticket. */
export const BUILT_IN_TEMPLATES: Record<Language, AcknowledgementTemplate> = {
  pl: {
    subject: 'Otrzymaliśmy Twoje zgłoszenie [#{{number}}]: {{subject}}',
    text: [
      'Dzień dobry,',
      '',
      'dziękujemy za wiadomość. Zarejestrowaliśmy ją jako zgłoszenie nr {{number}} i odpowiemy najszybciej, jak to możliwe.',
      'Pisząc ponownie w tej sprawie, prosimy odpowiedzieć na tę wiadomość lub zachować numer zgłoszenia w temacie.',
      '',
      'Z poważaniem',
      'Biuro Obsługi Klienta',
    ].join('\n'),
    shortText:
      'Dziękujemy za wiadomość. Zarejestrowaliśmy ją jako zgłoszenie nr {{number}} i odpowiemy najszybciej, jak to możliwe.',
  },
  en: {
    subject: 'We have your request [#{{number}}]: {{subject}}',
    text: [
      'Hello,',
      '',
      'thank you for your message. We have registered it as request #{{number}} and will answer as soon as we can.',
      'If you write again about this matter, please reply to this e-mail or keep the number in the subject.',
      '',
      'Kind regards,',
      'Customer Service',
    ].join('\n'),
    shortText: 'Thank you for your message. We have registered it as request #{{number}} and will answer as soon as we can.',
  },
};

export interface AcknowledgementInput {
  number: number;
  /** The customer's subject, if they gave one. */
  subject: string | null;
}

/**
 * "We have your request, number #1042" in `language`, from the workspace's
 * texts (else the built-in ones): a subject and the long text by e-mail, the
 * short text on every other channel.
 */
export function acknowledgement(
  settings: Pick<AcknowledgementSettings, 'templates'>,
  language: Language,
  channel: Channel,
  { number, subject }: AcknowledgementInput,
): { subject: string | null; text: string } {
  const template = settings.templates[language] ?? BUILT_IN_TEMPLATES[language];
  const values = { number, subject: subject?.trim() || null };
  if (channel !== 'email') return { subject: null, text: fillTemplate(template.shortText, values) };
  // A subject placeholder left empty leaves no dangling colon or dash.
  const filled = fillTemplate(template.subject, values).replace(/[\s:–-]+$/u, '');
  return { subject: filled, text: fillTemplate(template.text, values) };
}
