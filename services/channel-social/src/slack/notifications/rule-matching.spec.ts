import { createEnvelope, type TicketState, type TypedEnvelope } from '@threadline/contracts';
import { notificationRuleSchema, type NotificationRule } from './notification-rules';
import { notificationText } from './notification-text';
import { rulesFiredBy } from './rule-matching';

const rule = (overrides: Record<string, unknown>): NotificationRule =>
  notificationRuleSchema.parse({
    id: 'complaint-billing',
    workspaceId: 'ws-1',
    teamId: 'T0123ABCD',
    channel: 'C0BILLING',
    when: { category: 'complaint' },
    message: 'Wstrzymajcie windykację do rozpatrzenia.',
    ...overrides,
  });

const state = (overrides: Partial<TicketState> = {}): TicketState => ({
  status: 'open',
  priority: 'normal',
  queue: null,
  assigneeId: null,
  tags: [],
  category: null,
  ...overrides,
});

function updated(
  after: TicketState,
  changes: TypedEnvelope<'ticket.updated.v1'>['payload']['changes'],
  workspaceId = 'ws-1',
): TypedEnvelope<'ticket.updated.v1'> {
  return {
    ...createEnvelope({
      type: 'ticket.updated.v1',
      version: 1,
      source: 'tickets',
      workspaceId,
      key: 't-1',
      payload: {
        ticketId: 't-1',
        number: 123,
        version: 4,
        actor: { kind: 'agent' as const, id: 'agent-ola' },
        changes,
        state: after,
        at: new Date().toISOString(),
      },
    }),
    type: 'ticket.updated.v1',
  };
}

function created(at: TicketState): TypedEnvelope<'ticket.created.v1'> {
  return {
    ...createEnvelope({
      type: 'ticket.created.v1',
      version: 1,
      source: 'tickets',
      workspaceId: 'ws-1',
      key: 't-1',
      payload: {
        ticketId: 't-1',
        number: 123,
        version: 1,
        customerId: 'c-1',
        subject: 'Brak przesyłki',
        channel: 'email' as const,
        previousTicketId: null,
        state: at,
        createdAt: new Date().toISOString(),
      },
    }),
    type: 'ticket.created.v1',
  };
}

const ids = (rules: NotificationRule[]) => rules.map((r) => r.id);

describe('rulesFiredBy', () => {
  const complaint = rule({});

  it('fires when the category becomes complaint, not on later changes to the complaint', () => {
    const becoming = updated(state({ category: 'complaint' }), { category: { from: null, to: 'complaint' } });
    expect(ids(rulesFiredBy([complaint], becoming))).toEqual(['complaint-billing']);

    const later = updated(state({ category: 'complaint', priority: 'high' }), { priority: { from: 'normal', to: 'high' } });
    expect(rulesFiredBy([complaint], later)).toEqual([]);
  });

  it('does not fire for another category, another workspace, or the category going away', () => {
    expect(
      rulesFiredBy([complaint], updated(state({ category: 'question' }), { category: { from: null, to: 'question' } })),
    ).toEqual([]);
    expect(
      rulesFiredBy([complaint], updated(state({ category: 'complaint' }), { category: { from: null, to: 'complaint' } }, 'ws-2')),
    ).toEqual([]);
    expect(rulesFiredBy([complaint], updated(state(), { category: { from: 'complaint', to: null } }))).toEqual([]);
  });

  it('fires on a new ticket that already has the facts, unless the rule listens to updates only', () => {
    expect(ids(rulesFiredBy([complaint], created(state({ category: 'complaint' }))))).toEqual(['complaint-billing']);
    expect(rulesFiredBy([complaint], created(state()))).toEqual([]);
    const updatesOnly = rule({ when: { category: 'complaint', events: ['ticket.updated.v1'] } });
    expect(rulesFiredBy([updatesOnly], created(state({ category: 'complaint' })))).toEqual([]);
  });

  it('matches a tag being added, a queue, a priority and a status becoming the value', () => {
    const vip = rule({ id: 'vip', when: { tag: 'vip' } });
    expect(ids(rulesFiredBy([vip], updated(state({ tags: ['a', 'vip'] }), { tags: { from: ['a'], to: ['a', 'vip'] } })))).toEqual(
      ['vip'],
    );
    expect(rulesFiredBy([vip], updated(state({ tags: ['vip', 'b'] }), { tags: { from: ['vip'], to: ['vip', 'b'] } }))).toEqual(
      [],
    );

    const queue = rule({ id: 'billing-queue', when: { queue: 'billing' } });
    expect(ids(rulesFiredBy([queue], updated(state({ queue: 'billing' }), { queue: { from: 'sales', to: 'billing' } })))).toEqual(
      ['billing-queue'],
    );

    const urgent = rule({ id: 'urgent', when: { priority: 'urgent' } });
    expect(
      ids(rulesFiredBy([urgent], updated(state({ priority: 'urgent' }), { priority: { from: 'high', to: 'urgent' } }))),
    ).toEqual(['urgent']);

    const department = rule({ id: 'department', when: { status: 'waiting_department' } });
    expect(
      ids(
        rulesFiredBy(
          [department],
          updated(state({ status: 'waiting_department' }), { status: { from: 'open', to: 'waiting_department' } }),
        ),
      ),
    ).toEqual(['department']);
  });

  it('with several facts, fires when the last of them comes true', () => {
    const urgentComplaint = rule({ id: 'urgent-complaint', when: { category: 'complaint', priority: 'urgent' } });
    const first = updated(state({ category: 'complaint' }), { category: { from: null, to: 'complaint' } });
    expect(rulesFiredBy([urgentComplaint], first)).toEqual([]);
    const second = updated(state({ category: 'complaint', priority: 'urgent' }), { priority: { from: 'normal', to: 'urgent' } });
    expect(ids(rulesFiredBy([urgentComplaint], second))).toEqual(['urgent-complaint']);
  });
});

describe('notificationText', () => {
  it('names the ticket number, subject, what matched and what to do, in Polish by default, with a link', () => {
    expect(notificationText(rule({}), { number: 123, subject: 'Brak przesyłki' }, 'https://app.firma.pl')).toBe(
      'Zgłoszenie #123 „Brak przesyłki” — kategoria: complaint. Wstrzymajcie windykację do rozpatrzenia.\n' +
        '<https://app.firma.pl/tickets/123|Otwórz zgłoszenie #123>',
    );
  });

  it('speaks English when the rule says so and translates priorities and statuses', () => {
    const english = rule({
      language: 'en',
      when: { priority: 'urgent', status: 'waiting_department' },
      message: 'Call the customer.',
    });
    expect(notificationText(english, { number: 7, subject: null }, null)).toBe(
      'Ticket #7 — priority: urgent, status: waiting for a department. Call the customer.',
    );
    const polish = rule({ when: { priority: 'urgent' }, message: undefined });
    expect(notificationText(polish, { number: 7, subject: null }, null)).toBe('Zgłoszenie #7 — priorytet: pilny.');
  });

  it('keeps the customer’s subject from becoming Slack markup and shortens a long one', () => {
    const text = notificationText(rule({ message: undefined }), { number: 1, subject: '<!channel> zwrot & reklamacja' }, null);
    expect(text).toBe('Zgłoszenie #1 „&lt;!channel&gt; zwrot &amp; reklamacja” — kategoria: complaint.');
    const long = notificationText(rule({ message: undefined }), { number: 1, subject: 'ż'.repeat(300) }, null);
    expect(long).toContain(`„${'ż'.repeat(119)}…”`);
  });
});
