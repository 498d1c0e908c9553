import type { Logger } from '@threadline/observability';
import { sendWithRetries, type ProviderBreaker } from '@threadline/resilience';
import type { SlackWorkspace } from '../../config';
import type { SendClaimDoc, SendClaimsRepository } from '@threadline/outbound';
import { classifySlackError } from '../outbound/slack-errors';
import type { SlackPoster } from '../outbound/slack-poster';
import type { TeamDirectory } from '../workspaces/team-directory';
import type { SocialMetrics } from '../../social-metrics';

export interface SlackNotice {
  /** One post per claim id, ever: a redelivery or a retried call finds the claim and posts nothing. */
  claimId: string;
  workspaceId: string;
  /** The workspace's Slack team whose bot posts; null: the workspace's only team. */
  teamId: string | null;
  channel: string;
  text: string;
}

export type NoticeOutcome =
  | { kind: 'posted'; providerMessageId: string }
  | { kind: 'failed'; reason: string }
  /** Claimed before: what became of that first post. */
  | { kind: 'earlier'; claim: SendClaimDoc };

export interface PostSlackNotificationDeps {
  teams: TeamDirectory;
  poster: SlackPoster;
  breaker: ProviderBreaker;
  claims: SendClaimsRepository;
  metrics: SocialMetrics;
  logger: Logger;
  attempts: number;
  retryDelayMs: number;
}

/**
 * Posts one notification into a channel of the workspace's Slack team, at
 * most once per claim id. Slack's refusals are recorded on the claim and
 * answered as `failed`; they are never retried by a later call.
 */
export class PostSlackNotification {
  constructor(private readonly deps: PostSlackNotificationDeps) {}

  async execute(notice: SlackNotice): Promise<NoticeOutcome> {
    const { claimed, doc } = await this.deps.claims.claim(notice.claimId, notice.workspaceId, notice.channel);
    if (!claimed) {
      // Posted, refused, or interrupted half-way: never posted again (an interrupted post may have gone out).
      this.deps.metrics.notified.inc({ channel: 'slack', outcome: 'duplicate' });
      return { kind: 'earlier', claim: doc };
    }
    const outcome = await this.post(notice);
    if (outcome.kind === 'posted') {
      await this.deps.claims.markSent(notice.claimId, notice.channel, outcome.providerMessageId);
      this.deps.logger.info({ claim: notice.claimId, channel: notice.channel }, 'Slack notification posted');
    } else {
      await this.deps.claims.markFailed(notice.claimId, outcome.reason);
      this.deps.logger.warn({ claim: notice.claimId, reason: outcome.reason }, 'Slack notification not posted');
    }
    this.deps.metrics.notified.inc({ channel: 'slack', outcome: outcome.kind === 'posted' ? 'sent' : 'failed' });
    return outcome;
  }

  private async post(notice: SlackNotice): Promise<Exclude<NoticeOutcome, { kind: 'earlier' }>> {
    const team = await this.teamFor(notice.workspaceId, notice.teamId);
    if (typeof team === 'string') return { kind: 'failed', reason: team };
    const sent = await sendWithRetries({
      label: 'slack notification',
      call: (signal) => this.deps.poster.post({ team, channel: notice.channel, threadTs: null, text: notice.text }, signal),
      classify: classifySlackError,
      breaker: this.deps.breaker,
      logger: this.deps.logger,
      attempts: this.deps.attempts,
      retryDelayMs: this.deps.retryDelayMs,
    });
    return sent.ok
      ? { kind: 'posted', providerMessageId: sent.value.providerMessageId }
      : { kind: 'failed', reason: sent.reason };
  }

  /** The team, or why there is none to post with. */
  private async teamFor(workspaceId: string, teamId: string | null): Promise<SlackWorkspace | string> {
    if (teamId) {
      const team = await this.deps.teams.find(teamId);
      return team?.workspaceId === workspaceId ? team : `the Slack team ${teamId} is not connected to this workspace`;
    }
    // Rare (a rule firing), so the uncached list is fine.
    const teams = (await this.deps.teams.all()).filter((t) => t.workspaceId === workspaceId);
    if (teams.length === 1) return teams[0];
    return teams.length === 0
      ? 'no Slack team is connected to this workspace'
      : 'the workspace has several Slack teams: name the teamId';
  }
}
