import type { RuleTestBody } from '@threadline/contracts';
import { resolveAssignments, type AssignFromQueue } from '../assignment/assign-from-queue';
import { planSteps } from '../automation/action-plan';
import type { FiringClaimsRepository } from '../automation/firing-claims.repository';
import { applyFieldActions, evaluateRules, type TicketFacts } from '../rule-engine/evaluate-rules';
import { factsOf, type TicketDetail } from '../tickets/ticket-facts';
import type { TicketsClient } from '../tickets/tickets-client';
import type { RulesetCache } from './ruleset-cache';

/**
 * The rule tester: the workspace's current rules on an existing ticket (as
 * it is now) or a made-up one, for one trigger. Answers which rules would
 * fire, in order, and each call they would make — and, for a real ticket,
 * which matching rules already fired for it and so would not again.
 * Changes nothing.
 */
export class TestRules {
  constructor(
    private readonly deps: {
      rulesets: RulesetCache;
      tickets: TicketsClient;
      claims: FiringClaimsRepository;
      assign: AssignFromQueue;
    },
  ) {}

  async execute(workspaceId: string, body: RuleTestBody) {
    const { version, rules } = await this.deps.rulesets.rulesOf(workspaceId);
    const ticket = body.ticketNumber
      ? await this.existing(workspaceId, body.ticketNumber)
      : { id: null, number: 0, subject: body.sample?.subject ?? null, facts: sampleFacts(body) };
    const at = new Date(body.sample?.at ?? Date.now());
    const occurrence = { trigger: body.trigger, changedFields: body.changedFields, at };
    const matching = evaluateRules(rules, ticket.facts, occurrence).firings;
    const fired = new Set<string>();
    if (ticket.id) {
      for (const f of matching) {
        const key = { workspaceId, ticketId: ticket.id, ruleId: f.rule.id, trigger: body.trigger };
        if (await this.deps.claims.hasFired(key)) fired.add(f.rule.id);
      }
    }
    const evaluation = evaluateRules(rules, ticket.facts, occurrence, fired);
    let facts = ticket.facts;
    const firings = [];
    for (const firing of evaluation.firings) {
      const resolved = await resolveAssignments(this.deps.assign, workspaceId, firing.actions, facts);
      const steps = planSteps(
        resolved.actions,
        facts,
        { number: ticket.number, subject: ticket.subject },
        { name: firing.rule.name, trigger: body.trigger },
      );
      facts = applyFieldActions(facts, resolved.actions);
      firings.push({
        ruleId: firing.rule.id,
        name: firing.rule.name,
        stopProcessing: firing.rule.stopProcessing,
        would: steps.map((s) => ({ kind: s.kind, summary: s.label, request: s.body })),
        failures: resolved.failures,
      });
    }
    return {
      rulesetVersion: version,
      trigger: body.trigger,
      ticketNumber: body.ticketNumber ?? null,
      firings,
      alreadyFired: evaluation.alreadyFired,
      ticketAfter: facts,
    };
  }

  private async existing(workspaceId: string, number: number) {
    const detail = await this.deps.tickets.call<TicketDetail>(workspaceId, `tickets/${number}`);
    return { id: detail.id, number: detail.number, subject: detail.subject, facts: factsOf(detail, null) };
  }
}

function sampleFacts(body: RuleTestBody): TicketFacts {
  const s = body.sample ?? {
    channel: 'email' as const,
    recipient: null,
    subject: null,
    text: '',
    status: 'new' as const,
    priority: 'normal' as const,
    queue: null,
    category: null,
    tags: [],
    customerTier: 'standard' as const,
  };
  return {
    channel: s.channel,
    recipient: s.recipient,
    subject: s.subject,
    text: s.text,
    status: s.status,
    priority: s.priority,
    queue: s.queue,
    category: s.category,
    tags: s.tags,
    assigneeId: null,
    customerTier: s.customerTier,
  };
}
