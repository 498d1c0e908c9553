import type { PayloadInputOf } from '@threadline/contracts';

/**
 * The intake benches' contacts: 200 Polish customers on five channels, each
 * customer's first contact a web chat that links their identities.
 */
export const CUSTOMERS = 200;
export const CHANNELS = ['email', 'sms', 'voice', 'chat', 'messenger'] as const;

/** Our Facebook page: Messenger ids are scoped by it. */
const PAGE_ID = '104729385610001';

export type Contact = PayloadInputOf<'contact.received.v1'>;
type Identity = Contact['from'][number];

const FIRST_NAMES = ['Anna', 'Łukasz', 'Małgorzata', 'Paweł', 'Zofia', 'Grzegorz', 'Agnieszka', 'Jerzy', 'Żaneta', 'Michał'];
const LAST_NAMES = [
  'Kowalska',
  'Wiśniewski',
  'Wójcik',
  'Kamiński',
  'Lewandowska',
  'Zieliński',
  'Szymańska',
  'Woźniak',
  'Dąbrowska',
  'Kozłowski',
  'Jankowska',
  'Mazur',
  'Krawczyk',
  'Piotrowski',
  'Grabowska',
  'Nowakowski',
  'Pawłowska',
  'Michalski',
  'Król',
  'Wieczorek',
];
const SUBJECTS = [
  'Zamówienie {n} — kiedy dostawa?',
  'Reklamacja: uszkodzona przesyłka {n}',
  'Zmiana adresu dostawy',
  'Faktura VAT do zamówienia {n}',
  'Zwrot towaru — prośba o etykietę',
];
const SENTENCES = [
  'Dzień dobry, zamówienie nr {n} jeszcze nie dotarło, a status od tygodnia się nie zmienia.',
  'Pralka po tygodniu przestała wirować; proszę o informację, jak zgłosić reklamację.',
  'Proszę o zmianę adresu dostawy na ul. Źródlaną 7/12, 90-412 Łódź.',
  'Czy fakturę można wystawić na firmę? NIP podam w odpowiedzi.',
  'Dziękuję za odpowiedź, ale problem z logowaniem wciąż występuje.',
  'Kurier zostawił awizo, choć cały dzień byłem w domu. Zażółć gęślą jaźń.',
];

/** Customer c's identities: e-mail, a Polish mobile (E.164), a web-chat visitor and a Messenger user. */
function identitiesOf(run: string, c: number) {
  const name = `${FIRST_NAMES[c % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(c / FIRST_NAMES.length) % LAST_NAMES.length]}`;
  return {
    email: { kind: 'email', value: `klient${c}.${run}@poczta.example.pl`, displayName: name } satisfies Identity,
    phone: { kind: 'phone', value: `+48600${String(200000 + c)}` } satisfies Identity,
    chat: { kind: 'chat', value: `visitor-${run}-${c}` } satisfies Identity,
    messenger: { kind: 'messenger', value: String(7_300_000_000_000 + c), pageId: PAGE_ID } satisfies Identity,
  };
}

function say(i: number, sentences: number): string {
  return Array.from({ length: sentences }, (_, s) =>
    SENTENCES[(i + s) % SENTENCES.length].replace('{n}', `PL-${100000 + i}`),
  ).join(' ');
}

/**
 * Contact i of bench run `run` comes from customer i % 200. A customer's first contact is a web
 * chat whose pre-chat form gave their e-mail, phone and Messenger profile, so
 * their later contacts on any channel find them; the rest rotate over the channels.
 */
export function contact(run: string, i: number): Contact {
  const c = i % CUSTOMERS;
  const id = identitiesOf(run, c);
  const base = { recipient: null, html: null, attachments: [], receivedAt: new Date().toISOString() };
  const thread = { inReplyTo: null, references: [], providerThreadId: null };
  if (i < CUSTOMERS) {
    return {
      ...base,
      channel: 'chat',
      providerMessageId: `chat-${run}-${i}`,
      from: [id.chat, id.email, id.phone, id.messenger],
      subject: null,
      text: say(i, 2),
      thread: { ...thread, providerThreadId: `session-${run}-${i}` },
    };
  }
  const channel = CHANNELS[(Math.floor(i / CUSTOMERS) + c) % CHANNELS.length];
  switch (channel) {
    case 'email':
      return {
        ...base,
        channel,
        providerMessageId: `<${run}.${i}@poczta.example.pl>`,
        from: [id.email],
        recipient: 'bok@sklep.example.pl',
        subject: SUBJECTS[i % SUBJECTS.length].replace('{n}', `PL-${100000 + i}`),
        // About 1.5 KB, like a short customer mail with a signature.
        text: `${say(i, 12)}\n\nPozdrawiam serdecznie\n${id.email.displayName}\ntel. 600 ${String(200000 + c).slice(0, 3)} ${String(200000 + c).slice(3)}`,
        thread,
      };
    case 'sms':
      return { ...base, channel, providerMessageId: `SM${run}${i}`, from: [id.phone], subject: null, text: say(i, 1), thread };
    case 'voice':
      // A call: the transcript of the voicemail.
      return { ...base, channel, providerMessageId: `CA${run}${i}`, from: [id.phone], subject: null, text: say(i, 5), thread };
    case 'chat':
      return {
        ...base,
        channel,
        providerMessageId: `chat-${run}-${i}`,
        from: [id.chat],
        subject: null,
        text: say(i, 2),
        thread: { ...thread, providerThreadId: `session-${run}-${i}` },
      };
    case 'messenger':
      return {
        ...base,
        channel,
        providerMessageId: `m_${run}${i}`,
        from: [id.messenger],
        subject: null,
        text: say(i, 2),
        thread,
      };
  }
}

/** The partition key a channel connector would use: the sender's first identity. */
export function keyOf(from: Identity): string {
  return from.kind === 'messenger' ? `messenger:${from.pageId}:${from.value}` : `${from.kind}:${from.value}`;
}
