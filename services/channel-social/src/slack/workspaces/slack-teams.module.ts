import { slackTeamBody, slackTeamChangeBody } from '@threadline/contracts';
import type { SlackWorkspace } from '../../config';
import { ConnectionsApiModule } from '../../connections/connections-api.module';
import { MANAGE_TEAMS, SLACK_STORED_TEAMS } from './slack.tokens';
import { TEAM_KIND, TeamDirectory } from './team-directory';

/**
 * The admin API over the workspace's Slack teams (internal/v1/workspaces/:id/slack/teams);
 * the directory the events and the poster read is shared (SlackSharedModule).
 */
export const SlackTeamsModule = ConnectionsApiModule.for<SlackWorkspace>({
  path: 'slack/teams',
  manage: MANAGE_TEAMS,
  body: slackTeamBody,
  change: slackTeamChangeBody,
  kind: TEAM_KIND,
  names: { thing: 'Slack team', code: 'SLACK_TEAM', setting: 'SLACK_WORKSPACES' },
  stored: SLACK_STORED_TEAMS,
  directory: TeamDirectory,
});
