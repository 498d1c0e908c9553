import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { SeenEventsRepository } from '../../inbound/seen-events.repository';
import type { TeamDirectory } from '../workspaces/team-directory';
import { warnIfTruncated } from '../../inbound/contact-text';
import type { SocialMetrics } from '../../social-metrics';
import { readSlackMessage, slackToContact, type SlackEventCallback } from './slack-event';

export type SlackEventOutcome = 'published' | 'duplicate' | 'ignored' | 'unknown-team' | 'not-support-channel';

const ACCESS_LOST = new Set(['tokens_revoked', 'app_uninstalled']);

/**
 * A verified Slack event: a person's message in a support channel becomes
 * contact.received.v1, acknowledged by Kafka before Slack gets its 200 (within
 * its 3 seconds). A retry of an event already published (same event_id) is
 * answered without publishing again; one whose first delivery never got
 * through is published now.
 */
export class ReceiveSlackEvent {
  constructor(
    private readonly teams: TeamDirectory,
    private readonly publisher: EventPublisher,
    private readonly seen: SeenEventsRepository,
    private readonly metrics: SocialMetrics,
    private readonly logger: Logger,
  ) {}

  async execute(callback: SlackEventCallback, now = new Date()): Promise<SlackEventOutcome> {
    const outcome = await this.receive(callback, now);
    this.metrics.received.inc({ channel: 'slack', outcome });
    return outcome;
  }

  private async receive(callback: SlackEventCallback, now: Date): Promise<SlackEventOutcome> {
    const team = await this.teams.find(callback.team_id);
    if (!team) return 'unknown-team';
    if (ACCESS_LOST.has(callback.event.type)) {
      // Our bot can no longer answer in this team until an admin reinstalls the app and updates the team's connection.
      this.logger.warn({ teamId: team.teamId, event: callback.event.type }, 'Slack app lost its access to a team');
      return 'ignored';
    }
    const read = readSlackMessage(callback);
    if (read.kind === 'ignored') {
      this.logger.debug({ eventId: callback.event_id, reason: read.reason }, 'Slack event ignored');
      return 'ignored';
    }
    const { message } = read;
    if (!this.teams.isSupportChannel(team, message.channel)) return 'not-support-channel';
    if (await this.seen.wasSeen(callback.event_id)) return 'duplicate';
    await this.publisher.publish('contact.received.v1', {
      // From the message, not the event_id: the same message under another event id (a redelivery) is the same contact.
      id: deterministicEventId('contact.received.v1', team.workspaceId, 'slack', message.channel, message.ts),
      workspaceId: team.workspaceId,
      key: `slack:${team.teamId}:${message.user}`,
      payload: slackToContact(team.teamId, message, now),
    });
    await this.seen.markSeen(callback.event_id);
    warnIfTruncated(this.logger, message.text, { eventId: callback.event_id, workspaceId: team.workspaceId });
    this.logger.info(
      { eventId: callback.event_id, workspaceId: team.workspaceId, channel: message.channel },
      'Slack message received',
    );
    return 'published';
  }
}
