import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';

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

  @Get('messenger/pages')
  async listPages(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'messenger/pages');
  }

  @Post('messenger/pages')
  async addPage(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'messenger/pages', { method: 'POST', body: body ?? {} });
  }

  @Patch('messenger/pages/:pageId')
  async changePage(@CurrentAgent() admin: AgentPrincipal, @Param('pageId') pageId: string, @Body() body: unknown) {
    return this.call(admin, `messenger/pages/${encodeURIComponent(pageId)}`, { method: 'PATCH', body: body ?? {} });
  }

  @Delete('messenger/pages/:pageId')
  @HttpCode(204)
  async removePage(@CurrentAgent() admin: AgentPrincipal, @Param('pageId') pageId: string): Promise<void> {
    await this.call(admin, `messenger/pages/${encodeURIComponent(pageId)}`, { method: 'DELETE' });
  }

  @Get('slack/teams')
  async listTeams(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'slack/teams');
  }

  @Post('slack/teams')
  async addTeam(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'slack/teams', { method: 'POST', body: body ?? {} });
  }

  @Patch('slack/teams/:teamId')
  async changeTeam(@CurrentAgent() admin: AgentPrincipal, @Param('teamId') teamId: string, @Body() body: unknown) {
    return this.call(admin, `slack/teams/${encodeURIComponent(teamId)}`, { method: 'PATCH', body: body ?? {} });
  }

  @Delete('slack/teams/:teamId')
  @HttpCode(204)
  async removeTeam(@CurrentAgent() admin: AgentPrincipal, @Param('teamId') teamId: string): Promise<void> {
    await this.call(admin, `slack/teams/${encodeURIComponent(teamId)}`, { method: 'DELETE' });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.social, this.config, admin, path, request);
  }
}
