import type { AnyEvent, RuleTrigger } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { CompiledRule } from '../rule-engine/compiled-rule';
import { applyFieldActions, evaluateRules, type TriggerOccurrence } from '../rule-engine/evaluate-rules';
import type { RulesetCache } from '../rules/ruleset-cache';
import { factsOf, inboundMessages, type TicketDetail } from '../tickets/ticket-facts';
import type { TicketsClient } from '../tickets/tickets-client';
import type { FireRule, FiringOutcome } from './fire-rule';

export interface Occurrence {
  trigger: RuleTrigger;
  /** The ticket's number, as the event names it. */
  number: number;
  changedFields: string[];
  /** The customer's message the trigger is about. */
  messageId: string | null;
}

/**
 * Which triggers an event is: a new ticket, a customer's later message, a status or other field change, or the
 * SLA service's warning or breach (sla.events.v1, so rules can escalate).
 */
export function occurrencesOf(event: AnyEvent): Occurrence[] {
  switch (event.type) {
    case 'ticket.created.v1':
      return [{ trigger: 'ticket.created', number: event.payload.number, changedFields: [], messageId: null }];
    case 'ticket.message-added.v1':
      return event.payload.direction === 'inbound'
        ? [{ trigger: 'customer.replied', number: event.payload.number, changedFields: [], messageId: event.payload.messageId }]
        : [];
    case 'ticket.updated.v1': {
      const { number } = event.payload;
      const changedFields = Object.entries(event.payload.changes)
        .filter(([, change]) => change !== undefined)
        .map(([field]) => field);
      if (changedFields.length === 0) return [];
      return [
        ...(changedFields.includes('status')
          ? [{ trigger: 'status.changed' as const, number, changedFields, messageId: null }]
          : []),
        { trigger: 'field.changed', number, changedFields, messageId: null },
      ];
    }
    case 'sla.warning.v1':
      return [{ trigger: 'sla.warning', number: event.payload.number, changedFields: [], messageId: null }];
    case 'sla.breached.v1':
      return [{ trigger: 'sla.breached', number: event.payload.number, changedFields: [], messageId: null }];
    default:
      return [];
  }
}

/**
 * ticket.* events → the workspace's rules. Only when some enabled rule has
 * the event's trigger is the ticket read (from the tickets service, which
 * owns it); the rules are evaluated in order and each firing carried out.
 */
export class RunRules {
  constructor(private readonly deps: { rulesets: RulesetCache; tickets: TicketsClient; fire: FireRule }) {}

  async handle(event: AnyEvent): Promise<HandlerOutcome> {
    const occurrences = occurrencesOf(event);
    if (occurrences.length === 0) return 'ignored';
    const { rules } = await this.deps.rulesets.rulesOf(event.workspaceId);
    const wanted = occurrences.filter((o) => rules.some((r) => r.rule.enabled && r.rule.trigger === o.trigger));
    if (wanted.length === 0) return 'ignored';
    const { number } = wanted[0];
    const detail = await this.deps.tickets.call<TicketDetail>(event.workspaceId, `tickets/${number}`);
    if (detail.mergedInto) return 'ignored';
    const outcomes: FiringOutcome[] = [];
    for (const occurrence of wanted) {
      // The message that opened the ticket is its creation, not a reply.
      if (occurrence.trigger === 'customer.replied' && inboundMessages(detail)[0]?.id === occurrence.messageId) continue;
      outcomes.push(...(await this.runOn(event.workspaceId, rules, detail, occurrence, new Date(event.occurredAt))));
    }
    return outcomes.some((o) => o !== 'already-fired') ? 'done' : outcomes.length > 0 ? 'duplicate' : 'ignored';
  }

  /** Evaluates `rules` for one trigger on the ticket as read, and carries out each firing (also the time triggers' way in). */
  async runOn(workspaceId: string, rules: readonly CompiledRule[], detail: TicketDetail, occurrence: Occurrence, at: Date) {
    const happened: TriggerOccurrence = { trigger: occurrence.trigger, changedFields: occurrence.changedFields, at };
    let facts = factsOf(detail, occurrence.messageId);
    const { firings } = evaluateRules(rules, facts, happened);
    const target = { workspaceId, ticketId: detail.id, number: detail.number, subject: detail.subject };
    const outcomes: FiringOutcome[] = [];
    for (const firing of firings) {
      const key = { workspaceId, ticketId: detail.id, ruleId: firing.rule.id, trigger: occurrence.trigger };
      outcomes.push(await this.deps.fire.execute(target, firing, facts, key));
      facts = applyFieldActions(facts, firing.actions);
    }
    return outcomes;
  }
}
