import type { TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { sendWithRetries, type ProviderBreaker, type SendOutcome } from '@threadline/resilience';
import type { SendClaimsRepository } from '../outbound/send-claims.repository';
import { classifySlackError } from '../slack-outbound/slack-errors';
import type { SlackPoster } from '../slack-outbound/slack-poster';
import type { TeamDirectory } from '../slack-workspaces/team-directory';
import type { SocialMetrics } from '../social-metrics';
import type { NotificationRule } from './notification-rules';
import { notificationText } from './notification-text';
import { rulesFiredBy, type NotifyingEnvelope } from './rule-matching';
import type { TicketSubjectsRepository } from './ticket-subjects.repository';

export interface TicketNotifierDeps {
  rules: readonly NotificationRule[];
  ticketBaseUrl: string | null;
  teams: TeamDirectory;
  poster: SlackPoster;
  breaker: ProviderBreaker;
  /** One claim per (rule, ticket, version): the version names the change that fired the rule. */
  claims: SendClaimsRepository;
  subjects: TicketSubjectsRepository;
  metrics: SocialMetrics;
  logger: Logger;
  attempts: number;
  retryDelayMs: number;
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
    const claimId = `${event.workspaceId}:${rule.id}:${ticketId}:${version}`;
    const { claimed } = await this.deps.claims.claim(claimId, event.workspaceId, rule.channel);
    if (!claimed) {
      // Posted, refused, or interrupted half-way: never posted again (an interrupted post may have gone out).
      this.deps.metrics.notified.inc({ channel: 'slack', outcome: 'duplicate' });
      return false;
    }
    const outcome = await this.post(
      rule,
      event.workspaceId,
      notificationText(rule, { number, subject }, this.deps.ticketBaseUrl),
    );
    if (outcome.ok) {
      await this.deps.claims.markSent(claimId, rule.channel, outcome.value.providerMessageId);
      this.deps.logger.info({ rule: rule.id, number }, 'Slack notification posted');
    } else {
      await this.deps.claims.markFailed(claimId, outcome.reason);
      this.deps.logger.warn({ rule: rule.id, number, reason: outcome.reason }, 'Slack notification not posted');
    }
    this.deps.metrics.notified.inc({ channel: 'slack', outcome: outcome.ok ? 'sent' : 'failed' });
    return true;
  }

  private async post(
    rule: NotificationRule,
    workspaceId: string,
    text: string,
  ): Promise<SendOutcome<{ providerMessageId: string }>> {
    const team = await this.deps.teams.find(rule.teamId);
    if (!team || team.workspaceId !== workspaceId) {
      return { ok: false, reason: `the Slack team ${rule.teamId} is not connected to this workspace` };
    }
    return sendWithRetries({
      label: 'slack notification',
      call: (signal) => this.deps.poster.post({ team, channel: rule.channel, threadTs: null, text }, signal),
      classify: classifySlackError,
      breaker: this.deps.breaker,
      logger: this.deps.logger,
      attempts: this.deps.attempts,
      retryDelayMs: this.deps.retryDelayMs,
    });
  }
}
