import {
  guessLanguage,
  type CollectionsHoldBody,
  type Channel,
  type RuleAction,
  type RuleTrigger,
  type SlackNoticeBody,
  type UpdateTicketBody,
} from '@threadline/contracts';
import { applyFieldActions, type TicketFacts } from '../rule-engine/evaluate-rules';
import { fillTemplate } from '../rule-engine/templates';

export const TRIGGER_LABELS: Record<RuleTrigger, string> = {
  'ticket.created': 'nowe zgłoszenie',
  'customer.replied': 'odpowiedź klienta',
  'status.changed': 'zmiana statusu',
  'field.changed': 'zmiana pola',
  'ticket.unanswered': 'brak odpowiedzi',
  'ticket.waiting-customer': 'oczekiwanie na klienta',
  'ticket.unassigned': 'brak przypisania',
  'sla.warning': 'ostrzeżenie SLA',
  'sla.breached': 'przekroczenie SLA',
};

/** One call to the tickets service that a firing makes, with how the timeline will name it. */
export type PlannedStep =
  | { kind: 'update'; label: string; body: UpdateTicketBody }
  | { kind: 'message'; label: string; body: { text: string; channel?: Channel } }
  | { kind: 'note'; label: string; body: { text: string; mentions?: string[] } }
  | { kind: 'slack'; label: string; body: SlackNoticeBody }
  | { kind: 'hold'; label: string; body: CollectionsHoldBody };

/** The rule a firing runs, as a Slack post names it. */
export interface FiringRule {
  name: string;
  trigger: RuleTrigger;
}

const FIELD_LABELS: Record<keyof UpdateTicketBody, string> = {
  status: 'status',
  priority: 'priorytet',
  queue: 'kolejka',
  assigneeId: 'przypisanie',
  tags: 'tagi',
  category: 'kategoria',
};

/**
 * What a firing does, as calls: one update with the fields its actions
 * change (only those that differ from the ticket now), then each template
 * message and note in the rule's order. Pure, so the rule tester shows
 * exactly what a firing would do.
 */
export function planSteps(
  actions: readonly RuleAction[],
  facts: TicketFacts,
  ticket: { number: number; subject: string | null },
  rule: FiringRule,
): PlannedStep[] {
  const after = applyFieldActions(facts, actions);
  const update: UpdateTicketBody = {};
  if (after.status !== facts.status) update.status = after.status;
  if (after.priority !== facts.priority) update.priority = after.priority;
  if (after.queue !== facts.queue) update.queue = after.queue;
  if (after.assigneeId !== facts.assigneeId) update.assigneeId = after.assigneeId;
  if (after.category !== facts.category) update.category = after.category;
  if (after.tags.length !== facts.tags.length) update.tags = after.tags;
  const steps: PlannedStep[] = [];
  const changed = Object.entries(update).map(
    ([field, value]) => `${FIELD_LABELS[field as keyof UpdateTicketBody]} → ${describe(value)}`,
  );
  if (changed.length > 0) steps.push({ kind: 'update', label: changed.join(', '), body: update });
  for (const action of actions) {
    if (action.type === 'send-template') {
      const language = action.templates.en ? guessLanguage(`${facts.subject ?? ''}\n${facts.text}`, 'pl') : 'pl';
      const text = fillTemplate(action.templates[language] ?? action.templates.pl, ticket);
      const channel = action.channel ?? null;
      steps.push({
        kind: 'message',
        label: `odpowiedź z szablonu (${language}${channel ? `, ${channel}` : ''})`,
        body: { text, ...(channel ? { channel } : {}) },
      });
    } else if (action.type === 'add-note') {
      steps.push({ kind: 'note', label: 'notatka', body: { text: fillTemplate(action.text, ticket) } });
    } else if (action.type === 'hold-collections') {
      steps.push({ kind: 'hold', label: `wstrzymanie windykacji (${action.reason})`, body: { reason: action.reason } });
    } else if (action.type === 'notify') {
      const text = fillTemplate(action.text, ticket);
      // Queues still named here are the tester's (a firing has turned them into their members already).
      const whom = [...(action.agents ?? []), ...(action.queues ?? []).map((q) => `zespół ${q}`)];
      if (whom.length > 0) {
        const mentions = (action.agents ?? []).slice(0, 50);
        steps.push({ kind: 'note', label: `powiadomienie: ${whom.join(', ')}`, body: { text, mentions } });
      }
      if (action.slack) {
        steps.push({
          kind: 'slack',
          label: `powiadomienie na Slacku: ${action.slack.channel}`,
          body: { ...action.slack, text: slackNoticeText(text, ticket.number, rule) },
        });
      }
    }
  }
  return steps;
}

/**
 * A Slack post says which ticket and which rule, in the language the rule's
 * text is written in (Polish unless it is clearly English), then the text.
 */
export function slackNoticeText(text: string, number: number, rule: FiringRule): string {
  const header =
    guessLanguage(text, 'pl') === 'en'
      ? `Ticket #${number} — rule "${rule.name}"`
      : `Zgłoszenie #${number} — reguła „${rule.name}” (${TRIGGER_LABELS[rule.trigger]})`;
  return `${header}\n${text}`;
}

function describe(value: unknown): string {
  if (value === null) return 'brak';
  return Array.isArray(value) ? value.join(', ') : String(value);
}
