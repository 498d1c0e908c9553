import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';
import {
  messengerPageBody,
  messengerPageChangeBody,
  slackTeamBody,
  slackTeamChangeBody,
  messengerPageListAnswer,
  messengerPageAnswer,
  slackTeamListAnswer,
  slackTeamAnswer,
} from '@threadline/contracts';

/**
 * Admins connect the workspace's Facebook Pages and Slack teams. Owned and
 * validated by channel-social, which keeps the tokens and secrets sealed and
 * never answers with them; changes apply without a restart.
 */
@Controller('api/v1')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class SocialConnectionsController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @ApiRoute({
    tag: 'social',
    summary: "The workspace's Facebook Pages (from MESSENGER_PAGES and connected here), never their token or app secret",
    forwardedTo: 'channel-social',
    success: {
      status: 200,
      description: "{items: [{pageId, source: 'config' | 'api', pageAccessTokenSet, appSecretSet}]}",
      schema: messengerPageListAnswer,
    },
    errors: { 503: 'the Messenger channel is off (MESSENGER_NOT_CONFIGURED), or channel-social unreachable' },
  })
  @Get('messenger/pages')
  async listPages(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'messenger/pages');
  }

  @ApiRoute({
    tag: 'social',
    summary:
      'Connect a Page: its webhooks are checked with its app secret and become contacts, replies go out with its token; no restart',
    body: messengerPageBody,
    forwardedTo: 'channel-social',
    success: { status: 201, description: '{pageId, source, pageAccessTokenSet, appSecretSet}', schema: messengerPageAnswer },
    errors: { 409: 'the Page belongs to another workspace, or is already this one’s (PAGE_TAKEN)' },
  })
  @Post('messenger/pages')
  async addPage(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'messenger/pages', { method: 'POST', body: body ?? {} });
  }

  @ApiRoute({
    tag: 'social',
    summary: "Replace a Page's token or app secret (one left out is kept)",
    body: messengerPageChangeBody,
    forwardedTo: 'channel-social',
    success: { status: 200, description: '{pageId, source, pageAccessTokenSet, appSecretSet}', schema: messengerPageAnswer },
    errors: {
      404: 'not one of the workspace’s Pages (PAGE_NOT_FOUND)',
      409: 'set in MESSENGER_PAGES, not through the API (PAGE_CONFIGURED)',
    },
  })
  @Patch('messenger/pages/:pageId')
  async changePage(@CurrentAgent() admin: AgentPrincipal, @Param('pageId') pageId: string, @Body() body: unknown) {
    return this.call(admin, `messenger/pages/${encodeURIComponent(pageId)}`, { method: 'PATCH', body: body ?? {} });
  }

  @ApiRoute({
    tag: 'social',
    summary: 'Disconnect a Page: its messages are no longer taken in, replies to it fail with a reason',
    forwardedTo: 'channel-social',
    success: { status: 204, description: 'removed' },
    errors: {
      404: 'not one of the workspace’s Pages (PAGE_NOT_FOUND)',
      409: 'set in MESSENGER_PAGES, not through the API (PAGE_CONFIGURED)',
    },
  })
  @Delete('messenger/pages/:pageId')
  @HttpCode(204)
  async removePage(@CurrentAgent() admin: AgentPrincipal, @Param('pageId') pageId: string): Promise<void> {
    await this.call(admin, `messenger/pages/${encodeURIComponent(pageId)}`, { method: 'DELETE' });
  }

  @ApiRoute({
    tag: 'social',
    summary:
      "The workspace's Slack teams (from SLACK_WORKSPACES and connected here) and support channels, never their token or signing secret",
    forwardedTo: 'channel-social',
    success: {
      status: 200,
      description: "{items: [{teamId, source: 'config' | 'api', supportChannels, botTokenSet, signingSecretSet}]}",
      schema: slackTeamListAnswer,
    },
    errors: { 503: 'the Slack channel is off (SLACK_NOT_CONFIGURED), or channel-social unreachable' },
  })
  @Get('slack/teams')
  async listTeams(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'slack/teams');
  }

  @ApiRoute({
    tag: 'social',
    summary:
      'Connect a Slack team: messages in its support channels become contacts, replies are posted with its bot token; no restart',
    body: slackTeamBody,
    forwardedTo: 'channel-social',
    success: {
      status: 201,
      description: '{teamId, source, supportChannels, botTokenSet, signingSecretSet}',
      schema: slackTeamAnswer,
    },
    errors: { 409: 'the team belongs to another workspace, or is already this one’s (SLACK_TEAM_TAKEN)' },
  })
  @Post('slack/teams')
  async addTeam(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'slack/teams', { method: 'POST', body: body ?? {} });
  }

  @ApiRoute({
    tag: 'social',
    summary: "Change a team's support channels, bot token or signing secret (what is left out is kept)",
    body: slackTeamChangeBody,
    forwardedTo: 'channel-social',
    success: {
      status: 200,
      description: '{teamId, source, supportChannels, botTokenSet, signingSecretSet}',
      schema: slackTeamAnswer,
    },
    errors: {
      404: 'not one of the workspace’s teams (SLACK_TEAM_NOT_FOUND)',
      409: 'set in SLACK_WORKSPACES, not through the API (SLACK_TEAM_CONFIGURED)',
    },
  })
  @Patch('slack/teams/:teamId')
  async changeTeam(@CurrentAgent() admin: AgentPrincipal, @Param('teamId') teamId: string, @Body() body: unknown) {
    return this.call(admin, `slack/teams/${encodeURIComponent(teamId)}`, { method: 'PATCH', body: body ?? {} });
  }

  @ApiRoute({
    tag: 'social',
    summary: 'Disconnect a Slack team: its messages are no longer taken in',
    forwardedTo: 'channel-social',
    success: { status: 204, description: 'removed' },
    errors: {
      404: 'not one of the workspace’s teams (SLACK_TEAM_NOT_FOUND)',
      409: 'set in SLACK_WORKSPACES, not through the API (SLACK_TEAM_CONFIGURED)',
    },
  })
  @Delete('slack/teams/:teamId')
  @HttpCode(204)
  async removeTeam(@CurrentAgent() admin: AgentPrincipal, @Param('teamId') teamId: string): Promise<void> {
    await this.call(admin, `slack/teams/${encodeURIComponent(teamId)}`, { method: 'DELETE' });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.social, this.config, admin, path, request);
  }
}
