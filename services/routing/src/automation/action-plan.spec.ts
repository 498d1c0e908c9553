import { buildTicketFacts } from '../rule-engine/ticket-facts.factory';
import { planSteps, slackNoticeText } from './action-plan';

const facts = buildTicketFacts({ subject: 'Reklamacja', text: 'Kurtka przyszła podarta' });
const ticket = { number: 42, subject: 'Reklamacja' };
const rule = { name: 'Pilne reklamacje', trigger: 'ticket.unanswered' as const };

describe('notify steps', () => {
  it('posts to Slack naming the ticket and the rule, without a note when nobody is mentioned', () => {
    const steps = planSteps(
      [{ type: 'notify', text: 'Zgłoszenie {{number}} czeka już godzinę.', slack: { channel: 'C0ESKAL01' } }],
      facts,
      ticket,
      rule,
    );
    expect(steps).toEqual([
      {
        kind: 'slack',
        label: 'powiadomienie na Slacku: C0ESKAL01',
        body: {
          channel: 'C0ESKAL01',
          text: 'Zgłoszenie #42 — reguła „Pilne reklamacje” (brak odpowiedzi)\nZgłoszenie 42 czeka już godzinę.',
        },
      },
    ]);
  });

  it('mentions the agents and posts to Slack when both are asked for', () => {
    const steps = planSteps(
      [{ type: 'notify', text: 'Zobacz {{number}}', agents: ['agent-ola'], slack: { channel: 'C0ESKAL01', teamId: 'T0TEAM01' } }],
      facts,
      ticket,
      rule,
    );
    expect(steps.map((s) => s.kind)).toEqual(['note', 'slack']);
    expect(steps[1].body).toMatchObject({ teamId: 'T0TEAM01' });
  });

  it('writes the header in English when the rule’s text is English', () => {
    expect(slackNoticeText('The customer is waiting for the order.', 7, rule)).toBe(
      'Ticket #7 — rule "Pilne reklamacje"\nThe customer is waiting for the order.',
    );
  });
});

describe('the complaint steps', () => {
  it('moves the ticket to another department first, then holds debt collection with the reason', () => {
    const steps = planSteps(
      [
        { type: 'set-status', status: 'waiting_department' },
        { type: 'hold-collections', reason: 'reklamacja' },
      ],
      facts,
      ticket,
      rule,
    );
    expect(steps).toEqual([
      { kind: 'update', label: 'status → waiting_department', body: { status: 'waiting_department' } },
      { kind: 'hold', label: 'wstrzymanie windykacji (reklamacja)', body: { reason: 'reklamacja' } },
    ]);
  });
});
