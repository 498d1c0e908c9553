import type { TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { NotificationRule } from './notification-rules';
import { notificationText } from './notification-text';
import type { PostSlackNotification } from './post-slack-notification.usecase';
import { rulesFiredBy, type NotifyingEnvelope } from './rule-matching';
import type { TicketSubjectsRepository } from './ticket-subjects.repository';

export interface TicketNotifierDeps {
  rules: readonly NotificationRule[];
  ticketBaseUrl: string | null;
  /** Claimed once per (rule, ticket, version): the version names the change that fired the rule. */
  post: PostSlackNotification;
  subjects: TicketSubjectsRepository;
}

/**
 * Posts into department channels when a ticket event makes a rule's facts
 * true, at most once per rule and change: a redelivered event, or the same
 * event on another instance, finds the claim and posts nothing. Slack's
 * refusals are recorded on the claim and logged; they never fail the event.
 */
export class TicketNotifier {
  private readonly workspaces: Set<string>;

  constructor(private readonly deps: TicketNotifierDeps) {
    this.workspaces = new Set(deps.rules.map((r) => r.workspaceId));
  }

  async handle(event: TypedEnvelope): Promise<HandlerOutcome> {
    if (event.type !== 'ticket.created.v1' && event.type !== 'ticket.updated.v1') return 'ignored';
    if (!this.workspaces.has(event.workspaceId)) return 'ignored';
    const ticket = event as NotifyingEnvelope;
    if (ticket.type === 'ticket.created.v1') {
      await this.deps.subjects.remember(ticket.payload.ticketId, ticket.workspaceId, ticket.payload.subject);
    }
    const fired = rulesFiredBy(this.deps.rules, ticket);
    if (fired.length === 0) return 'ignored';
    const subject =
      ticket.type === 'ticket.created.v1'
        ? ticket.payload.subject
        : await this.deps.subjects.subjectOf(ticket.payload.ticketId, ticket.workspaceId);
    let posted = false;
    for (const rule of fired) posted = (await this.notify(rule, ticket, subject)) || posted;
    return posted ? 'done' : 'duplicate';
  }

  /** False when this rule and change were claimed before (by a first delivery or another instance). */
  private async notify(rule: NotificationRule, event: NotifyingEnvelope, subject: string | null): Promise<boolean> {
    const { ticketId, number, version } = event.payload;
    const outcome = await this.deps.post.execute({
      claimId: `${event.workspaceId}:${rule.id}:${ticketId}:${version}`,
      workspaceId: event.workspaceId,
      teamId: rule.teamId,
      channel: rule.channel,
      text: notificationText(rule, { number, subject }, this.deps.ticketBaseUrl),
    });
    return outcome.kind !== 'earlier';
  }
}
