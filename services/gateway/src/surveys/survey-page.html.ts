import type { Language } from '@threadline/contracts';

/** What the tickets service says about a survey (GET …/surveys/by-token/:token). */
export interface SurveyView {
  number: number;
  range: { min: number; max: number };
  language: Language;
  question: Record<Language, string>;
  notice: Record<Language, string>;
  answered: { score: number } | null;
  optedOut: boolean;
}

export type SurveyPageState = 'ask' | 'answered' | 'opted-out' | 'already-answered';

const TEXT = {
  pl: {
    title: (n: number) => `Ankieta – zgłoszenie nr ${n}`,
    thanks: 'Dziękujemy za ocenę!',
    already: (s: number) => `Ta ankieta ma już odpowiedź (ocena ${s}). Dziękujemy!`,
    optedOut: 'Nie wyślemy Ci więcej ankiet.',
    optOut: 'Nie chcę więcej ankiet',
    notFound: 'Nie znaleziono ankiety. Link mógł zostać skrócony lub zmieniony.',
    tooMany: (s: number) => `Zbyt wiele prób. Spróbuj ponownie za ${s} s.`,
    other: 'English',
  },
  en: {
    title: (n: number) => `Survey – request #${n}`,
    thanks: 'Thank you for your answer!',
    already: (s: number) => `This survey has been answered already (score ${s}). Thank you!`,
    optedOut: 'We will not send you surveys again.',
    optOut: 'No more surveys, please',
    notFound: 'No such survey. The link may have been cut short or changed.',
    tooMany: (s: number) => `Too many attempts. Please try again in ${s} s.`,
    other: 'Polski',
  },
} as const;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}
.scores{display:flex;flex-wrap:wrap;gap:.4rem;margin:1rem 0}.scores button{min-width:2.6rem;padding:.6rem;font-size:1.1rem}
.notice{color:#555;font-size:.85rem;margin-top:2rem}.lang{float:right;font-size:.85rem}</style></head>
<body>${body}</body></html>`;
}

/** The survey's page: the question with one button per score, the opt-out, the notice; or what became of the answer. */
export function surveyPage(view: SurveyView, language: Language, state: SurveyPageState, action: string): string {
  const t = TEXT[language];
  const other: Language = language === 'pl' ? 'en' : 'pl';
  const parts = [
    `<a class="lang" href="${escape(action)}?lang=${other}">${t.other}</a>`,
    `<h1>${escape(t.title(view.number))}</h1>`,
  ];
  if (state === 'answered') parts.push(`<p role="status">${t.thanks}</p>`);
  else if (state === 'opted-out' || (state === 'ask' && view.optedOut)) parts.push(`<p role="status">${t.optedOut}</p>`);
  else if (view.answered) parts.push(`<p role="status">${escape(t.already(view.answered.score))}</p>`);
  else {
    const buttons = [];
    for (let s = view.range.min; s <= view.range.max; s++) buttons.push(`<button name="score" value="${s}">${s}</button>`);
    parts.push(
      `<p>${escape(view.question[language])}</p>`,
      `<form method="post" action="${escape(action)}?lang=${language}"><div class="scores">${buttons.join('')}</div></form>`,
      `<form method="post" action="${escape(action)}?lang=${language}"><button name="optOut" value="true">${t.optOut}</button></form>`,
    );
  }
  parts.push(`<p class="notice">${escape(view.notice[language])}</p>`);
  return page(language, t.title(view.number), parts.join('\n'));
}

export function surveyMessagePage(language: Language, message: 'not-found' | { tooManySeconds: number }): string {
  const t = TEXT[language];
  const text = message === 'not-found' ? t.notFound : t.tooMany(message.tooManySeconds);
  return page(language, text, `<p role="alert">${escape(text)}</p>`);
}
