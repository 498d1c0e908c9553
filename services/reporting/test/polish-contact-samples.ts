/**
 * A made-up Polish contact set for the classifier's tests: five reasons an
 * office labels, each with its own words in several inflected forms, mixed
 * with words every contact uses and now and then a word of another reason,
 * so a few labels leave the model unsure and more labels teach it. Seeded:
 * the same seed gives the same contacts.
 */
export interface SampleContact {
  category: string;
  subject: string | null;
  text: string;
}

const REASONS: Record<string, string[]> = {
  reklamacja: [
    'reklamacja',
    'reklamację',
    'reklamacji',
    'reklamacją',
    'uszkodzony',
    'uszkodzona',
    'uszkodzenie',
    'wadliwy',
    'wada',
    'wadę',
    'zepsuty',
    'zepsuła',
    'gwarancja',
    'gwarancji',
    'naprawa',
    'naprawy',
    'pęknięty',
    'nie działa',
  ],
  faktura: [
    'faktura',
    'fakturę',
    'fakturze',
    'faktury',
    'korekta',
    'korektę',
    'płatność',
    'płatności',
    'przelew',
    'przelewu',
    'NIP',
    'rachunek',
    'rachunku',
    'nadpłata',
    'nadpłatę',
    'kwota',
    'kwotę',
    'zapłaciłem',
    'opłata',
  ],
  dostawa: [
    'dostawa',
    'dostawy',
    'dostawę',
    'przesyłka',
    'przesyłki',
    'przesyłkę',
    'kurier',
    'kuriera',
    'kurierem',
    'paczka',
    'paczki',
    'paczkę',
    'doręczenie',
    'doręczenia',
    'nie dotarła',
    'opóźnienie',
    'opóźnienia',
    'śledzenie',
    'adres dostawy',
  ],
  zwrot: [
    'zwrot',
    'zwrotu',
    'zwrocie',
    'zwrócić',
    'odstąpienie',
    'odstąpienia',
    'oddać',
    'odesłać',
    'odesłałem',
    'wymiana',
    'wymianę',
    'wymiany',
    'rezygnuję',
    'rezygnacja',
    'pieniądze',
    'pieniędzy',
    'oddanie',
    'czternaście dni',
  ],
  konto: [
    'konto',
    'konta',
    'kontem',
    'koncie',
    'hasło',
    'hasła',
    'logowanie',
    'logowania',
    'zalogować',
    'login',
    'loginu',
    'rejestracja',
    'rejestracji',
    'zablokowane',
    'zablokowany',
    'e-mail',
    'aplikacja',
    'aplikacji',
    'dostęp',
    'dostępu',
  ],
};

const COMMON = [
  'dzień dobry',
  'proszę',
  'o pomoc',
  'w sprawie',
  'zamówienie',
  'zamówienia',
  'zamówieniu',
  'sklep',
  'sklepu',
  'wczoraj',
  'dzisiaj',
  'tydzień temu',
  'niestety',
  'bardzo',
  'szybko',
  'informację',
  'odpowiedź',
  'kontakt',
  'produkt',
  'produktu',
  'klient',
  'pozdrawiam',
  'z góry dziękuję',
  'czekam',
  'sprawa',
  'problem',
  'pilne',
];

export const SAMPLE_CATEGORIES = Object.keys(REASONS);

/** mulberry32: a small seeded generator, so a test's contacts are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `perCategory` contacts of each reason, interleaved (reason 1, 2, …, 5, 1, 2, …), made from `seed`. */
export function polishContacts(perCategory: number, seed: number): SampleContact[] {
  const random = seeded(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const contacts: SampleContact[] = [];
  for (let i = 0; i < perCategory; i++) {
    for (const category of SAMPLE_CATEGORIES) {
      const words: string[] = [];
      // Few words of the reason itself, many of every contact: one label teaches little.
      const own = 1 + Math.floor(random() * 2);
      for (let w = 0; w < own; w++) words.push(pick(REASONS[category]));
      for (let w = 0; w < 4 + Math.floor(random() * 5); w++) words.push(pick(COMMON));
      if (random() < 0.35) words.push(pick(REASONS[pick(SAMPLE_CATEGORIES.filter((c) => c !== category))]));
      words.sort(() => random() - 0.5);
      const subject = random() < 0.5 ? `${pick(COMMON)} ${pick(REASONS[category])}` : null;
      contacts.push({ category, subject, text: words.join(' ') });
    }
  }
  return contacts;
}
