import { Module } from '@nestjs/common';
import { slackTeamBody, slackTeamChangeBody } from '@threadline/contracts';
import type { SlackWorkspace } from '../config';
import { connectionsController } from '../connections/connections.controller';
import { ManageConnections } from '../connections/manage-connections.usecase';
import type { SealedConnectionRepository } from '../connections/sealed-connection.repository';
import { MANAGE_TEAMS, SLACK_STORED_TEAMS } from './slack.tokens';
import { TEAM_KIND, TeamDirectory } from './team-directory';

/**
 * The admin API over the workspace's Slack teams (internal/v1/workspaces/:id/slack/teams);
 * the directory the events and the poster read is shared (SlackSharedModule).
 */
@Module({
  controllers: [
    connectionsController<SlackWorkspace>({
      path: 'slack/teams',
      manage: MANAGE_TEAMS,
      body: slackTeamBody,
      change: slackTeamChangeBody,
    }),
  ],
  providers: [
    {
      provide: MANAGE_TEAMS,
      inject: [SLACK_STORED_TEAMS, TeamDirectory],
      useFactory: (stored: SealedConnectionRepository<SlackWorkspace>, teams: TeamDirectory) =>
        new ManageConnections(TEAM_KIND, { thing: 'Slack team', code: 'SLACK_TEAM', setting: 'SLACK_WORKSPACES' }, stored, teams),
    },
  ],
})
export class SlackTeamsModule {}
