import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';

/** Queues with their members and agents' skills and capacities (admins), and every agent's available / away switch, owned by the routing service. */
@Controller('api/v1/routing')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class RoutingAssignmentController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get('queues')
  @Roles('admin')
  async queues(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'routing/queues');
  }

  @Put('queues/:queue')
  @Roles('admin')
  async putQueue(@CurrentAgent() admin: AgentPrincipal, @Param('queue') queue: string, @Body() body: unknown) {
    return this.call(admin, `routing/queues/${encodeURIComponent(queue)}`, { method: 'PUT', body });
  }

  @Delete('queues/:queue')
  @Roles('admin')
  @HttpCode(204)
  async removeQueue(@CurrentAgent() admin: AgentPrincipal, @Param('queue') queue: string): Promise<void> {
    await this.call(admin, `routing/queues/${encodeURIComponent(queue)}`, { method: 'DELETE' });
  }

  @Get('agents')
  @Roles('admin')
  async agents(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'routing/agents');
  }

  @Get('agents/:agentId')
  @Roles('supervisor', 'admin')
  async agent(@CurrentAgent() supervisor: AgentPrincipal, @Param('agentId') agentId: string) {
    return this.call(supervisor, `routing/agents/${encodeURIComponent(agentId)}`);
  }

  @Put('agents/:agentId')
  @Roles('admin')
  async putAgent(@CurrentAgent() admin: AgentPrincipal, @Param('agentId') agentId: string, @Body() body: unknown) {
    return this.call(admin, `routing/agents/${encodeURIComponent(agentId)}`, { method: 'PUT', body });
  }

  @Delete('agents/:agentId')
  @Roles('admin')
  @HttpCode(204)
  async removeAgent(@CurrentAgent() admin: AgentPrincipal, @Param('agentId') agentId: string): Promise<void> {
    await this.call(admin, `routing/agents/${encodeURIComponent(agentId)}`, { method: 'DELETE' });
  }

  @Put('presence')
  @Roles('agent', 'supervisor', 'admin')
  async presence(@CurrentAgent() agent: AgentPrincipal, @Body() body: unknown) {
    return this.call(agent, 'routing/presence', { method: 'PUT', body });
  }

  private call(agent: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.routing, this.config, agent, path, request);
  }
}
