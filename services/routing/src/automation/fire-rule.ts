import type { Logger } from '@threadline/observability';
import { resolveAssignments, type AssignFromQueue } from '../assignment/assign-from-queue';
import type { PlannedFiring, TicketFacts } from '../rule-engine/evaluate-rules';
import type { SlackNoticesClient } from '../slack/slack-notices-client';
import { TicketCommandRefused, type TicketsClient } from '../tickets/tickets-client';
import { planSteps, TRIGGER_LABELS, type PlannedStep } from './action-plan';
import { firingId, type FiringClaimsRepository, type FiringKey } from './firing-claims.repository';

export interface FiringTarget {
  workspaceId: string;
  ticketId: string;
  number: number;
  subject: string | null;
}

export type FiringOutcome = 'fired' | 'fired-with-failures' | 'already-fired';

/**
 * Carries out one rule firing through the tickets service, then writes it on
 * the ticket's timeline as a note naming the rule, the trigger and what each
 * action did or why it failed. An action the tickets service refuses (no
 * address on that channel, a merged ticket) is a failure of that action
 * only: the others and the next rules go on. Tickets being down fails the
 * event, which is retried: every call carries an idempotency key derived
 * from the firing, so a retry never applies anything twice, and the firing
 * is recorded only once all is done.
 */
export class FireRule {
  constructor(
    private readonly deps: {
      tickets: TicketsClient;
      slack: SlackNoticesClient;
      claims: FiringClaimsRepository;
      assign: AssignFromQueue;
      logger: Logger;
    },
  ) {}

  async execute(target: FiringTarget, firing: PlannedFiring, facts: TicketFacts, key: FiringKey): Promise<FiringOutcome> {
    if (await this.deps.claims.hasFired(key)) return 'already-fired';
    const base = `routing:${firingId(key)}`;
    const resolved = await resolveAssignments(this.deps.assign, target.workspaceId, firing.actions, facts);
    const steps = planSteps(resolved.actions, facts, target, { name: firing.rule.name, trigger: key.trigger });
    const lines: string[] = [...resolved.failures];
    let failures = resolved.failures.length;
    for (const [index, step] of steps.entries()) {
      try {
        await this.run(target, step, `${base}:${index}`);
        lines.push(`✓ ${step.label}`);
        if (step.kind === 'update' && step.body.assigneeId) {
          for (const pick of resolved.picks) await this.deps.assign.remember(target.workspaceId, pick.queue, pick.agentId);
        }
      } catch (error) {
        if (!(error instanceof TicketCommandRefused)) throw error;
        failures++;
        lines.push(`✗ ${step.label}: ${error.message}`);
        this.deps.logger.warn({ rule: firing.rule.id, number: target.number, reason: error.message }, 'rule action failed');
      }
    }
    const record = [`Reguła „${firing.rule.name}” (${TRIGGER_LABELS[key.trigger]})`, ...lines].join('\n');
    await this.recordOnTimeline(target, record, `${base}:record`);
    await this.deps.claims.record(key, firing.rule.version, failures);
    return failures > 0 ? 'fired-with-failures' : 'fired';
  }

  private async run(target: FiringTarget, step: PlannedStep, idempotencyKey: string): Promise<void> {
    const path = `tickets/${target.number}`;
    if (step.kind === 'update') {
      await this.deps.tickets.call(target.workspaceId, path, { method: 'PATCH', body: step.body, idempotencyKey });
    } else if (step.kind === 'message') {
      await this.deps.tickets.call(target.workspaceId, `${path}/automatic-messages`, {
        method: 'POST',
        body: step.body,
        idempotencyKey,
      });
    } else if (step.kind === 'hold') {
      await this.deps.tickets.call(target.workspaceId, `${path}/collections-hold`, {
        method: 'PUT',
        body: step.body,
        idempotencyKey,
      });
    } else if (step.kind === 'slack') {
      await this.deps.slack.post(target.workspaceId, step.body, idempotencyKey);
    } else {
      await this.deps.tickets.call(target.workspaceId, `${path}/notes`, { method: 'POST', body: step.body, idempotencyKey });
    }
  }

  private async recordOnTimeline(target: FiringTarget, text: string, idempotencyKey: string): Promise<void> {
    try {
      await this.deps.tickets.call(target.workspaceId, `tickets/${target.number}/notes`, {
        method: 'POST',
        body: { text },
        idempotencyKey,
      });
    } catch (error) {
      // A ticket merged away takes no notes: the firing is still recorded here, and logged.
      if (!(error instanceof TicketCommandRefused)) throw error;
      this.deps.logger.warn({ number: target.number, reason: error.message }, 'rule firing not written on the timeline');
    }
  }
}
