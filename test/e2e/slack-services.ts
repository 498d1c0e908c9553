// The services an e2e test of Slack-facing features starts: channel-social
// with one workspace's Slack team against the Slack stand-in, and routing
// acting through tickets (and channel-social) with the rules read afresh.
import { randomBytes } from 'node:crypto';
import { TOPICS } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  type RunningService,
  type SlackStandIn,
  startService,
} from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { routingService } from '../../services/routing/src/app.module';

/** A Slack team of `workspaceId` with fresh secrets, as `SLACK_WORKSPACES` lists it. */
export const slackTeamOf = (workspaceId: string, teamId: string, supportChannels: string[]) => ({
  teamId,
  workspaceId,
  botToken: `xoxb-${randomBytes(6).toString('hex')}`,
  signingSecret: randomBytes(16).toString('hex'),
  supportChannels,
});

export async function startSocialWithSlack(team: ReturnType<typeof slackTeamOf>, slack: SlackStandIn): Promise<RunningService> {
  return startService(channelSocialService, {
    ...commonTestEnv('channel-social'),
    SLACK_WORKSPACES: JSON.stringify([team]),
    SLACK_API_BASE_URL: slack.url,
    SLACK_RETRY_DELAY_MS: '50',
    SLACK_TIMEOUT_MS: '3000',
    SLACK_CONSUMER_GROUP: await consumerGroupStartingNow('slack', [TOPICS.outboundRequested.name]),
  });
}

/** Routing on `tickets` and `social`, in its own consumer groups starting now; `group` is the rules' group. */
export async function startRouting(tickets: RunningService, social: RunningService, group: string): Promise<RunningService> {
  return startService(routingService, {
    ...commonTestEnv('routing'),
    TICKETS_URL: tickets.internalUrl,
    CHANNEL_SOCIAL_URL: social.internalUrl,
    ROUTING_CONSUMER_GROUP: group,
    ROUTING_SLA_CONSUMER_GROUP: await consumerGroupStartingNow('routing-sla', [TOPICS.slaEvents.name]),
    ROUTING_PRESENCE_CONSUMER_GROUP: await consumerGroupStartingNow('routing-presence', [TOPICS.chatSignals.name]),
    ROUTING_ASSIGNMENT_CONSUMER_GROUP: await consumerGroupStartingNow('routing-assignment', [TOPICS.ticketEvents.name]),
    ROUTING_RULES_CACHE_MS: '0',
  });
}
