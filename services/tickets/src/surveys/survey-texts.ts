import { SCORE_RANGE, type Language, type SurveyScale, type SurveySettingsBody } from '@threadline/contracts';

/** What the customer is told about their answer when the workspace wrote no notice of its own. */
const DEFAULT_NOTICE: Record<Language, string> = {
  pl: 'Odpowiedź jest dobrowolna; służy wyłącznie ocenie jakości naszej obsługi.',
  en: 'Answering is voluntary; we use your answer only to assess the quality of our service.',
};

/** What a web chat visitor is told when the workspace wrote no chat notice of its own. */
const DEFAULT_CHAT_NOTICE: Record<Language, string> = {
  pl: 'Zapisujemy tę rozmowę i podane dane kontaktowe, aby odpowiedzieć na Twoje pytanie.',
  en: 'We keep this conversation and the contact details you give us to answer your request.',
};

/** The chat notice in both languages: the widget picks the page's. */
export function chatNotice(settings: Pick<SurveySettingsBody, 'chatNotice'>): Record<Language, string> {
  return settings.chatNotice ?? DEFAULT_CHAT_NOTICE;
}

export function surveyNotice(settings: Pick<SurveySettingsBody, 'surveyNotice'>, language: Language): string {
  return settings.surveyNotice?.[language] ?? DEFAULT_NOTICE[language];
}

/** The one question, with the scale's ends named. */
export function surveyQuestion(scale: SurveyScale, language: Language, number: number): string {
  const { min, max } = SCORE_RANGE[scale];
  if (language === 'en') {
    return scale === 'csat'
      ? `How satisfied are you with how we handled request #${number}? (${min} – very dissatisfied, ${max} – very satisfied)`
      : `How likely are you to recommend us to a friend? (${min} – not at all, ${max} – certainly)`;
  }
  return scale === 'csat'
    ? `Jak oceniasz obsługę zgłoszenia nr ${number}? (${min} – bardzo źle, ${max} – bardzo dobrze)`
    : `Jak bardzo prawdopodobne jest, że polecisz nas znajomym? (${min} – wcale, ${max} – na pewno)`;
}

export interface SurveyMessageInput {
  scale: SurveyScale;
  language: Language;
  number: number;
  notice: string;
}

/** The e-mail: the question and a link to the survey's page (answering and opting out are done there, never by a GET). */
export function surveyEmail(input: SurveyMessageInput, link: string): { subject: string; text: string } {
  const question = surveyQuestion(input.scale, input.language, input.number);
  if (input.language === 'en') {
    return {
      subject: `How did we do? [#${input.number}]`,
      text: [
        'Hello,',
        '',
        question,
        `Answer with one click: ${link}`,
        'On the same page you can ask us never to send you a survey again.',
        '',
        input.notice,
      ].join('\n'),
    };
  }
  return {
    subject: `Jak nam poszło? [#${input.number}]`,
    text: [
      'Dzień dobry,',
      '',
      question,
      `Wystarczy jedno kliknięcie: ${link}`,
      'Na tej samej stronie możesz też zrezygnować z kolejnych ankiet.',
      '',
      input.notice,
    ].join('\n'),
  };
}

/** SMS and Messenger: the customer answers by replying with the number, or STOP/NIE to be left alone. */
export function surveyReplyMessage(input: SurveyMessageInput): string {
  const question = surveyQuestion(input.scale, input.language, input.number);
  const { min, max } = SCORE_RANGE[input.scale];
  if (input.language === 'en') {
    return `${question} Reply with a number ${min}–${max}. No more surveys: reply STOP. ${input.notice}`;
  }
  return `${question} Odpowiedz cyfrą ${min}–${max}. Nie chcesz ankiet? Odpisz NIE lub STOP. ${input.notice}`;
}
