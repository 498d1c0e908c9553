// channel-social as an e2e test of Slack-facing features starts it: with one
// workspace's Slack team against the Slack stand-in (routing: started-services.ts).
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
