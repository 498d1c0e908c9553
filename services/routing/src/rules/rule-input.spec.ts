import { BadRequestException } from '@nestjs/common';
import { ruleBody } from '@threadline/contracts';
import { parseRuleInput, ruleProblems } from './rule-input';

function errorsOf(body: unknown) {
  try {
    parseRuleInput(ruleBody, body, ruleProblems);
    return [];
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { errors: { field: string }[] }).errors.map((e) => e.field);
  }
}

const valid = { name: 'r', trigger: 'ticket.created', actions: [{ type: 'add-tags', tags: ['x'] }] };

describe('rule input', () => {
  it('names an unknown field by its own path', () => {
    expect(errorsOf({ ...valid, colour: 'red', conditions: { keyword: ['a'] } })).toEqual(['conditions.keyword', 'colour']);
  });

  it('refuses a pattern that could backtrack catastrophically, or is no regular expression', () => {
    expect(errorsOf({ ...valid, conditions: { pattern: '(a+)+$' } })).toEqual(['conditions.pattern']);
    expect(errorsOf({ ...valid, conditions: { pattern: '(x|x)*y(' } })).toEqual(['conditions.pattern']);
    expect(errorsOf({ ...valid, conditions: { pattern: 'zam[oó]wienie \\d{3}' } })).toEqual([]);
  });

  it('refuses conditions the trigger never has and unknown template placeholders', () => {
    expect(errorsOf({ ...valid, conditions: { statusTo: ['closed'] } })).toEqual(['conditions.statusTo']);
    expect(errorsOf({ ...valid, actions: [{ type: 'send-template', templates: { pl: 'Zgłoszenie {{numer}}' } }] })).toEqual([
      'actions.0.templates.pl',
    ]);
  });

  it('wants a delay on a time trigger and only there', () => {
    expect(errorsOf({ ...valid, trigger: 'ticket.unanswered' })).toEqual(['after']);
    expect(errorsOf({ ...valid, trigger: 'ticket.unanswered', after: { businessMinutes: 30 } })).toEqual([]);
    expect(errorsOf({ ...valid, trigger: 'ticket.waiting-customer', after: { days: 3 } })).toEqual([]);
    expect(errorsOf({ ...valid, after: { minutes: 5 } })).toEqual(['after']);
    expect(errorsOf({ ...valid, trigger: 'ticket.unassigned', after: { hours: 5 } })).not.toEqual([]);
  });

  it('wants a notify action to say whom', () => {
    const notify = (whom: object) => ({ ...valid, actions: [{ type: 'notify', text: 'Zgłoszenie {{number}}', ...whom }] });
    expect(errorsOf(notify({}))).toEqual(['actions.0']);
    expect(errorsOf(notify({ queues: ['billing'] }))).toEqual([]);
    expect(errorsOf(notify({ agents: ['ola'] }))).toEqual([]);
    expect(errorsOf(notify({ slack: { channel: 'C0123ABCD' } }))).toEqual([]);
  });

  it('names what is wrong with a Slack destination', () => {
    const notify = (slack: object) => ({ ...valid, actions: [{ type: 'notify', text: 'Pilne {{number}}', slack }] });
    expect(errorsOf(notify({ channel: '#reklamacje' }))).toEqual(['actions.0.slack.channel']);
    expect(errorsOf(notify({ channel: 'C0123ABCD', teamId: 'zespół' }))).toEqual(['actions.0.slack.teamId']);
    expect(errorsOf(notify({ channel: 'C0123ABCD', webhook: 'https://x' }))).toEqual(['actions.0.slack.webhook']);
  });
});
