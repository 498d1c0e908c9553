import type { z } from 'zod';
import { ruleBody } from '@threadline/contracts';
import { compileRule, type CompiledRule } from './compiled-rule';
import { evaluateRules, type TicketFacts, type TriggerOccurrence } from './evaluate-rules';
import { buildTicketFacts } from './ticket-facts.factory';

let nextId = 0;
/** A rule as an admin writes it (defaults filled in by the schema). */
type RuleInput = z.input<typeof ruleBody>;

function rule(overrides: Partial<RuleInput> & Pick<RuleInput, 'actions'>): CompiledRule {
  const body = ruleBody.parse({ name: `rule ${++nextId}`, trigger: 'ticket.created', ...overrides });
  return compileRule({ id: `r${nextId}`, version: 1, ...body });
}

const facts = buildTicketFacts;

// Wednesday 2026-12-02 10:00 in Warsaw.
const created: TriggerOccurrence = { trigger: 'ticket.created', changedFields: [], at: new Date('2026-12-02T09:00:00Z') };
const names = (rules: CompiledRule[], f: TicketFacts, o = created, fired?: Set<string>) =>
  evaluateRules(rules, f, o, fired).firings.map((x) => x.rule.name);

describe('evaluateRules', () => {
  it('fires a keyword rule on any inflected form and applies its changes', () => {
    const complaints = rule({
      name: 'Reklamacje',
      conditions: { keywords: ['reklamacja'] },
      actions: [
        { type: 'set-queue', queue: 'reklamacje' },
        { type: 'set-priority', priority: 'high' },
      ],
    });
    for (const text of ['Składam reklamację', 'w sprawie reklamacji', 'REKLAMACJA butów']) {
      const result = evaluateRules([complaints], facts({ text, subject: null }), created);
      expect(result.firings.map((f) => f.rule.name)).toEqual(['Reklamacje']);
      expect(result.facts).toMatchObject({ queue: 'reklamacje', priority: 'high' });
    }
    expect(names([complaints], facts({ text: 'Pytanie o reklamę', subject: null }))).toEqual([]);
  });

  it('runs rules in order, later rules seeing what earlier ones set', () => {
    const rules = [
      rule({ name: 'VIP', conditions: { customerTiers: ['vip'] }, actions: [{ type: 'set-queue', queue: 'senior' }] }),
      rule({ name: 'senior pilne', conditions: { queues: ['senior'] }, actions: [{ type: 'set-priority', priority: 'urgent' }] }),
    ];
    expect(names(rules, facts({ customerTier: 'vip' }))).toEqual(['VIP', 'senior pilne']);
    expect(names(rules, facts())).toEqual([]);
    expect(names([...rules].reverse(), facts({ customerTier: 'vip' }))).toEqual(['VIP']);
  });

  it('stops at a firing rule with stop-processing; a rule that does not fire does not stop', () => {
    const rules = [
      rule({
        name: 'SMS',
        conditions: { channels: ['sms'] },
        stopProcessing: true,
        actions: [{ type: 'add-tags', tags: ['sms'] }],
      }),
      rule({ name: 'wszystkie', actions: [{ type: 'add-tags', tags: ['all'] }] }),
    ];
    expect(names(rules, facts({ channel: 'sms' }))).toEqual(['SMS']);
    expect(names(rules, facts({ channel: 'email' }))).toEqual(['wszystkie']);
  });

  it('fires a rule once per ticket and trigger, even when an action changes the field it watches', () => {
    const watchPriority = rule({
      name: 'priorytet zmieniony',
      trigger: 'field.changed',
      conditions: { changedFields: ['priority'] },
      actions: [{ type: 'set-priority', priority: 'urgent' }],
    });
    const changed: TriggerOccurrence = { trigger: 'field.changed', changedFields: ['priority'], at: created.at };
    const first = evaluateRules([watchPriority], facts(), changed);
    expect(first.firings).toHaveLength(1);
    // Its own change comes back as a priority change: the rule has fired for this ticket and trigger.
    const again = evaluateRules([watchPriority], first.facts, changed, new Set([watchPriority.rule.id]));
    expect(again.firings).toEqual([]);
    expect(again.alreadyFired).toEqual([watchPriority.rule.id]);
  });

  it('keeps the stop of a rule that already fired, so later rules stay quiet as they were', () => {
    const rules = [
      rule({ name: 'pierwsza', stopProcessing: true, actions: [{ type: 'add-tags', tags: ['a'] }] }),
      rule({ name: 'druga', actions: [{ type: 'add-tags', tags: ['b'] }] }),
    ];
    const result = evaluateRules(rules, facts({ tags: ['a'] }), created, new Set([rules[0].rule.id]));
    expect(result.firings).toEqual([]);
    expect(result.alreadyFired).toEqual([rules[0].rule.id]);
  });

  it('matches only its own trigger and skips disabled rules', () => {
    const rules = [
      rule({ name: 'odpowiedź', trigger: 'customer.replied', actions: [{ type: 'set-status', status: 'open' }] }),
      rule({ name: 'wyłączona', enabled: false, actions: [{ type: 'set-status', status: 'open' }] }),
      rule({
        name: 'zamknięte',
        trigger: 'status.changed',
        conditions: { statusTo: ['closed'] },
        actions: [{ type: 'add-tags', tags: ['done'] }],
      }),
    ];
    expect(names(rules, facts())).toEqual([]);
    expect(names(rules, facts(), { trigger: 'customer.replied', changedFields: [], at: created.at })).toEqual(['odpowiedź']);
    const closed = { trigger: 'status.changed' as const, changedFields: ['status'], at: created.at };
    expect(names(rules, facts({ status: 'closed' }), closed)).toEqual(['zamknięte']);
    expect(names(rules, facts({ status: 'open' }), closed)).toEqual([]);
  });

  it('checks recipient, tags, priority, category and business hours in Warsaw time', () => {
    const after = rule({
      name: 'po godzinach',
      conditions: {
        recipients: ['Reklamacje@firma.pl'],
        businessHours: { when: 'outside', days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' },
      },
      actions: [{ type: 'add-tags', tags: ['po-godzinach'] }],
    });
    const evening = { ...created, at: new Date('2026-12-02T17:30:00Z') }; // 18:30 in Warsaw
    expect(names([after], facts({ recipient: 'reklamacje@firma.pl' }), evening)).toEqual(['po godzinach']);
    expect(names([after], facts({ recipient: 'reklamacje@firma.pl' }), created)).toEqual([]);
    expect(names([after], facts({ recipient: 'bok@firma.pl' }), evening)).toEqual([]);
    const tagged = rule({
      name: 't',
      conditions: { tags: ['vip'], priorities: ['high'], categories: [null] },
      actions: [{ type: 'add-tags', tags: ['x'] }],
    });
    expect(names([tagged], facts({ tags: ['vip'], priority: 'high' }))).toEqual(['t']);
    expect(names([tagged], facts({ tags: ['vip'], priority: 'high', category: 'complaint' }))).toEqual([]);
  });

  it("counts Polish holidays and the office's own days as outside business hours", () => {
    type Exceptions = { date: string; open: { from: string; to: string }[]; name: string | null }[];
    const office = (exceptions: Exceptions) =>
      rule({
        name: 'poza biurem',
        conditions: { businessHours: { when: 'outside', days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00', exceptions } },
        actions: [{ type: 'add-tags', tags: ['poza-biurem'] }],
      });
    const at = (iso: string) => ({ ...created, at: new Date(iso) });
    // Friday 2026-12-25 10:00 in Warsaw: Boże Narodzenie — a weekday, yet the office is closed.
    expect(names([office([])], facts(), at('2026-12-25T09:00:00Z'))).toEqual(['poza biurem']);
    // Monday 2026-04-06 (Easter Monday) 10:00 in Warsaw, summer time.
    expect(names([office([])], facts(), at('2026-04-06T08:00:00Z'))).toEqual(['poza biurem']);
    // An ordinary Wednesday 10:00: inside.
    expect(names([office([])], facts(), created)).toEqual([]);
    // The office closes that Wednesday by exception, and on Wigilia works 08:00–12:00 only.
    const closedDay = [{ date: '2026-12-02', open: [], name: 'Inwentaryzacja' }];
    expect(names([office(closedDay)], facts(), created)).toEqual(['poza biurem']);
    const wigilia = [{ date: '2026-12-24', open: [{ from: '08:00', to: '12:00' }], name: null }];
    expect(names([office(wigilia)], facts(), at('2026-12-24T10:00:00Z'))).toEqual([]); // 11:00: open
    expect(names([office(wigilia)], facts(), at('2026-12-24T12:30:00Z'))).toEqual(['poza biurem']); // 13:30
  });

  it('matches a pattern over subject and text', () => {
    const order = rule({
      name: 'nr zamówienia',
      conditions: { pattern: 'zam[oó]wienie \\d{3}' },
      actions: [{ type: 'add-tags', tags: ['zamowienie'] }],
    });
    expect(names([order], facts())).toEqual(['nr zamówienia']);
    expect(names([order], facts({ subject: null }))).toEqual([]);
  });
});
