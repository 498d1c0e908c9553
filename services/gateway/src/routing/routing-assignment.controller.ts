import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';
import {
  routingQueueBody,
  routingAgentBody,
  routingPresenceBody,
  routingQueueListAnswer,
  routingQueueAnswer,
  routingAgentProfileListAnswer,
  routingAgentStateAnswer,
  routingAgentProfileAnswer,
  routingPresenceAnswer,
} from '@threadline/contracts';

/** Queues with their members and agents' skills and capacities (admins), and every agent's available / away switch, owned by the routing service. */
@Controller('api/v1/routing')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class RoutingAssignmentController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @ApiRoute({
    tag: 'routing',
    summary: 'Queues with members: who an `assign` action may give a ticket to, and how',
    forwardedTo: 'routing',
    success: {
      status: 200,
      description: '{items: [{queue, members, mode, autoAssign, lastAssigned}]}',
      schema: routingQueueListAnswer,
    },
  })
  @Get('queues')
  @Roles('admin')
  async queues(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'routing/queues');
  }

  @ApiRoute({
    tag: 'routing',
    summary:
      "Set a queue's members (agent ids, in order), mode (round-robin, least-loaded, skills) and whether it assigns its tickets by itself (`autoAssign`) and only within the workspace's business calendar (`businessHoursOnly`); only fitting members get tickets: present, with the ticket's language and category, below their capacity on its channel. A call queue of the same name offers its waiting callers to its free members by itself",
    body: routingQueueBody,
    forwardedTo: 'routing',
    success: {
      status: 200,
      description: '{queue, members, mode, autoAssign, businessHoursOnly, lastAssigned}',
      schema: routingQueueAnswer,
    },
  })
  @Put('queues/:queue')
  @Roles('admin')
  async putQueue(@CurrentAgent() admin: AgentPrincipal, @Param('queue') queue: string, @Body() body: unknown) {
    return this.call(admin, `routing/queues/${encodeURIComponent(queue)}`, { method: 'PUT', body });
  }

  @ApiRoute({
    tag: 'routing',
    summary: "Remove a queue's members: its `assign` actions then fail on the timeline",
    forwardedTo: 'routing',
    success: { status: 204, description: 'removed' },
    errors: { 404: 'the queue has no members set (QUEUE_NOT_FOUND)' },
  })
  @Delete('queues/:queue')
  @Roles('admin')
  @HttpCode(204)
  async removeQueue(@CurrentAgent() admin: AgentPrincipal, @Param('queue') queue: string): Promise<void> {
    await this.call(admin, `routing/queues/${encodeURIComponent(queue)}`, { method: 'DELETE' });
  }

  @ApiRoute({
    tag: 'routing',
    summary: "Agents' skills and capacities as set",
    forwardedTo: 'routing',
    success: {
      status: 200,
      description: '{items: [{agentId, languages, categories, capacity}]}',
      schema: routingAgentProfileListAnswer,
    },
  })
  @Get('agents')
  @Roles('admin')
  async agents(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'routing/agents');
  }

  @ApiRoute({
    tag: 'routing',
    summary: 'An agent as assignment sees them now: present or not, what they take, their open tickets per channel',
    forwardedTo: 'routing',
    success: {
      status: 200,
      description: '{agentId, present, profile: {languages, categories, capacity} | null, load: {sms: 2, …}}',
      schema: routingAgentStateAnswer,
    },
  })
  @Get('agents/:agentId')
  @Roles('supervisor', 'admin')
  async agent(@CurrentAgent() supervisor: AgentPrincipal, @Param('agentId') agentId: string) {
    return this.call(supervisor, `routing/agents/${encodeURIComponent(agentId)}`);
  }

  @ApiRoute({
    tag: 'routing',
    summary:
      'Set what an agent takes: languages (pl, en), categories (none: any) and at most how many open tickets per channel (e.g. {"chat": 3, "email": 10}; a channel left out: no limit); audited',
    body: routingAgentBody,
    forwardedTo: 'routing',
    success: { status: 200, description: '{agentId, languages, categories, capacity}', schema: routingAgentProfileAnswer },
  })
  @Put('agents/:agentId')
  @Roles('admin')
  async putAgent(@CurrentAgent() admin: AgentPrincipal, @Param('agentId') agentId: string, @Body() body: unknown) {
    return this.call(admin, `routing/agents/${encodeURIComponent(agentId)}`, { method: 'PUT', body });
  }

  @ApiRoute({
    tag: 'routing',
    summary: "Remove an agent's skills and capacities: they take any ticket again, without a limit; audited",
    forwardedTo: 'routing',
    success: { status: 204, description: 'removed' },
    errors: { 404: 'the agent has nothing set (AGENT_NOT_FOUND)' },
  })
  @Delete('agents/:agentId')
  @Roles('admin')
  @HttpCode(204)
  async removeAgent(@CurrentAgent() admin: AgentPrincipal, @Param('agentId') agentId: string): Promise<void> {
    await this.call(admin, `routing/agents/${encodeURIComponent(agentId)}`, { method: 'DELETE' });
  }

  @ApiRoute({
    tag: 'routing',
    summary:
      'Your switch for being given tickets: available, or away (whatever your chat presence says; your open tickets go back to their queues after the grace period, `ROUTING_HANDBACK_GRACE_MINUTES`); not set, your chat presence decides',
    body: routingPresenceBody,
    forwardedTo: 'routing',
    success: { status: 200, description: '{agentId, status}', schema: routingPresenceAnswer },
  })
  @Put('presence')
  @Roles('agent', 'supervisor', 'admin')
  async presence(@CurrentAgent() agent: AgentPrincipal, @Body() body: unknown) {
    return this.call(agent, 'routing/presence', { method: 'PUT', body });
  }

  private call(agent: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.routing, this.config, agent, path, request);
  }
}
