import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';

/**
 * Admins write the workspace's routing rules and try them on a ticket.
 * Owned by the routing service, which validates, versions and audits them;
 * changes apply without a restart.
 */
@Controller('api/v1/routing/rules')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class RoutingRulesController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'routing/rules');
  }

  @Post()
  async create(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'routing/rules', { method: 'POST', body });
  }

  @Post('test')
  @HttpCode(200)
  async test(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'routing/rules/test', { method: 'POST', body });
  }

  @Get(':ruleId')
  async get(@CurrentAgent() admin: AgentPrincipal, @Param('ruleId') ruleId: string) {
    return this.call(admin, `routing/rules/${encodeURIComponent(ruleId)}`);
  }

  @Patch(':ruleId')
  async update(@CurrentAgent() admin: AgentPrincipal, @Param('ruleId') ruleId: string, @Body() body: unknown) {
    return this.call(admin, `routing/rules/${encodeURIComponent(ruleId)}`, { method: 'PATCH', body });
  }

  @Delete(':ruleId')
  @HttpCode(204)
  async remove(@CurrentAgent() admin: AgentPrincipal, @Param('ruleId') ruleId: string): Promise<void> {
    await this.call(admin, `routing/rules/${encodeURIComponent(ruleId)}`, { method: 'DELETE' });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.routing, this.config, admin, path, request);
  }
}
