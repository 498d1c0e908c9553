// Rule evaluation on one core, for bench/ (scenario rule-evaluation), which
// runs this as its own process: benches depend on libs only, and the engine
// is the routing service's. Prints one JSON line with the figures.
import { ruleBody, type RuleBody } from '@threadline/contracts';
import { compileRule } from '../rule-engine/compiled-rule';
import { evaluateRules, type TicketFacts, type TriggerOccurrence } from '../rule-engine/evaluate-rules';
import { TextIndex } from '../rule-engine/polish-text';

const RULES = Number(process.env.BENCH_RULES ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONTACTS = 1000;

const WORDS = (
  'reklamacja zwrot faktura dostawa paczka kurier zamówienie płatność rabat gwarancja naprawa serwis wymiana ' +
  'anulowanie subskrypcja konto hasło logowanie adres telefon przelew korekta opóźnienie uszkodzenie rozmiar ' +
  'kolor produkt sklep oddział umowa wypowiedzenie abonament roaming internet router awaria zasięg prąd licznik'
).split(' ');
const FILLER =
  'dzień dobry proszę o pomoc w sprawie mojego ostatniego zgłoszenia które wysłałem wczoraj wieczorem pozdrawiam'.split(' ');
const CHANNELS = ['email', 'sms', 'messenger', 'slack', 'chat', 'voice'] as const;
const QUEUES = ['ogolna', 'reklamacje', 'sprzedaz', 'techniczna', null];

let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Rules like an office writes: mostly keywords (words and two-word phrases), with channel, queue, tier, hours and a few patterns. */
function makeRule(i: number): RuleBody {
  const conditions: Record<string, unknown> = {};
  if (i % 3 === 0) conditions.channels = [pick(CHANNELS), pick(CHANNELS)];
  if (i % 5 === 0) conditions.queues = [pick(QUEUES)];
  if (i % 7 === 0) conditions.customerTiers = ['vip'];
  if (i % 11 === 0) conditions.businessHours = { when: 'inside', days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' };
  if (i % 13 === 0) conditions.pattern = `zam[oó]wieni[a-z]* ${i}\\d`;
  if (i % 4 !== 3) conditions.keywords = i % 2 ? [pick(WORDS), pick(WORDS)] : [`${pick(WORDS)} ${pick(WORDS)}`];
  return ruleBody.parse({
    name: `reguła ${i}`,
    trigger: 'ticket.created',
    conditions,
    actions: [{ type: 'add-tags', tags: [`t${i}`] }],
    stopProcessing: i % 50 === 49,
  });
}

function makeContact(): TicketFacts {
  const text = Array.from({ length: 60 }, () => (random() < 0.15 ? pick(WORDS) : pick(FILLER))).join(' ');
  return {
    channel: pick(CHANNELS),
    recipient: 'bok@firma.pl',
    subject: `Zamówienie ${Math.floor(random() * 1000)} – ${pick(WORDS)}`,
    text,
    status: 'new',
    priority: 'normal',
    queue: pick(QUEUES),
    category: null,
    tags: [],
    assigneeId: null,
    customerTier: random() < 0.1 ? 'vip' : 'standard',
  };
}

/** Runs `work` over the contacts for SECONDS and answers how many per second. */
function rate(contacts: TicketFacts[], work: (facts: TicketFacts) => number): { perSecond: number; checksum: number } {
  let done = 0;
  let checksum = 0;
  const started = process.hrtime.bigint();
  const until = started + BigInt(SECONDS * 1e9);
  while (process.hrtime.bigint() < until) {
    for (let i = 0; i < 100; i++) checksum += work(contacts[done++ % contacts.length]);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: Math.round(done / seconds), checksum };
}

const rules = Array.from({ length: RULES }, (_, i) => compileRule({ id: `r${i}`, version: 1, ...makeRule(i) }));
const contacts = Array.from({ length: CONTACTS }, makeContact);
const occurrence: TriggerOccurrence = { trigger: 'ticket.created', changedFields: [], at: new Date('2026-12-02T09:00:00Z') };

const evaluated = rate(contacts, (facts) => evaluateRules(rules, facts, occurrence).firings.length);
// The floor: only folding and indexing each contact's words, the part every evaluation pays once.
const tokenised = rate(contacts, (facts) => (new TextIndex(`${facts.subject}\n${facts.text}`) ? 1 : 0));
console.log(
  JSON.stringify({
    rules: RULES,
    seconds: SECONDS,
    contactsPerSecond: evaluated.perSecond,
    firingsPerContact: Math.round((evaluated.checksum / Math.max(1, evaluated.perSecond * SECONDS)) * 100) / 100,
    tokenisedPerSecond: tokenised.perSecond,
  }),
);
