import type { DueTimerOutcome } from '@threadline/persistence';
import type { RunRules } from '../automation/run-rules.usecase';
import type { RulesetCache } from '../rules/ruleset-cache';
import type { TicketDetail } from '../tickets/ticket-facts';
import { TicketCommandRefused, type TicketsClient } from '../tickets/tickets-client';
import { stillWaiting, type TicketNow } from './time-trigger-moments';
import type { TriggerTimerDoc, TriggerTimerStore } from './trigger-timer.repository';

/**
 * A time rule's moment came: if the rule still stands (enabled, the same
 * trigger) and the ticket still waits for what the rule watches (no answer,
 * nobody assigned, the customer silent), the rule runs like any other —
 * its conditions, once per ticket and trigger, its firing on the timeline.
 * Tickets being down throws: the timer stays and the next poll tries again.
 */
export class FireTimeTrigger {
  constructor(
    private readonly deps: { rulesets: RulesetCache; tickets: TicketsClient; runRules: RunRules; timers: TriggerTimerStore },
  ) {}

  async fire(timer: TriggerTimerDoc, now: Date): Promise<DueTimerOutcome> {
    const { rules } = await this.deps.rulesets.rulesOf(timer.workspaceId);
    const compiled = rules.find((c) => c.rule.id === timer.ruleId);
    const detail = compiled?.rule.enabled && compiled.rule.trigger === timer.trigger ? await this.ticket(timer) : null;
    if (!compiled || !detail || detail.mergedInto || !stillWaiting(timer.trigger, detail)) {
      await this.deps.timers.remove([timer._id]);
      return 'stale';
    }
    const occurrence = { trigger: timer.trigger, number: timer.number, changedFields: [], messageId: null };
    await this.deps.runRules.runOn(timer.workspaceId, [compiled], detail, occurrence, now);
    await this.deps.timers.remove([timer._id]);
    return 'fired';
  }

  /** The ticket now; null when the tickets service refuses it (gone). */
  private async ticket(timer: TriggerTimerDoc): Promise<(TicketDetail & TicketNow) | null> {
    try {
      return await this.deps.tickets.call<TicketDetail & TicketNow>(timer.workspaceId, `tickets/${timer.number}`);
    } catch (error) {
      if (error instanceof TicketCommandRefused) return null;
      throw error;
    }
  }
}
