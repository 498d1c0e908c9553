import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { routingAgentBody, routingPresenceBody, routingQueueBody } from '@threadline/contracts';
import type { TimeSource } from '@threadline/persistence';
import { CallerRoles, callerOf } from '@threadline/service-runtime';
import { parseRuleInput } from '../rules/rule-input';
import { ROUTING_TIME } from '../time-triggers/routing-time';
import { AgentProfileRepository } from './agent-profile.repository';
import { AssignFromQueue } from './assign-from-queue';
import { RoutingQueueRepository } from './assignment.repositories';
import { ChangePresence } from './change-presence.usecase';
import { ManageAgentProfiles } from './manage-agent-profiles.usecase';

/** Queues with their members and agents' skills and capacities (admins, through the gateway); each agent's available / away switch. */
@Controller('internal/v1/workspaces/:workspaceId/routing')
export class AssignmentController {
  constructor(
    private readonly queues: RoutingQueueRepository,
    private readonly profiles: AgentProfileRepository,
    private readonly manageProfiles: ManageAgentProfiles,
    private readonly presence: ChangePresence,
    private readonly assign: AssignFromQueue,
    @Inject(ROUTING_TIME) private readonly time: TimeSource,
  ) {}

  @Get('queues')
  @CallerRoles('admin')
  async list(@Param('workspaceId') workspaceId: string) {
    return { items: await this.queues.list(workspaceId) };
  }

  @Put('queues/:queue')
  @CallerRoles('admin')
  async put(@Param('workspaceId') workspaceId: string, @Param('queue') queue: string, @Body() body: unknown) {
    return this.queues.put(workspaceId, queue, parseRuleInput(routingQueueBody, body));
  }

  @Delete('queues/:queue')
  @CallerRoles('admin')
  @HttpCode(204)
  async remove(@Param('workspaceId') workspaceId: string, @Param('queue') queue: string): Promise<void> {
    if (!(await this.queues.remove(workspaceId, queue))) {
      throw new NotFoundException({ code: 'QUEUE_NOT_FOUND', message: `queue ${queue} has no members set` });
    }
  }

  @Get('agents')
  @CallerRoles('admin')
  async agents(@Param('workspaceId') workspaceId: string) {
    return { items: await this.profiles.list(workspaceId) };
  }

  /** What assignment knows of an agent now: present, what they take, their open tickets per channel. */
  @Get('agents/:agentId')
  @CallerRoles('supervisor', 'admin')
  async agent(@Param('workspaceId') workspaceId: string, @Param('agentId') agentId: string) {
    const now = await this.assign.agentNow(workspaceId, agentId, this.time.now());
    return { agentId, present: now.present, profile: now.profile, load: Object.fromEntries(now.load) };
  }

  @Put('agents/:agentId')
  @CallerRoles('admin')
  async putAgent(
    @Param('workspaceId') workspaceId: string,
    @Param('agentId') agentId: string,
    @Body() body: unknown,
    @Req() req: Request,
  ) {
    const profile = parseRuleInput(routingAgentBody, body);
    return this.manageProfiles.put(workspaceId, callerOf(req).agentId, agentId, profile);
  }

  @Delete('agents/:agentId')
  @CallerRoles('admin')
  @HttpCode(204)
  async removeAgent(@Param('workspaceId') workspaceId: string, @Param('agentId') agentId: string, @Req() req: Request) {
    if (!(await this.manageProfiles.remove(workspaceId, callerOf(req).agentId, agentId))) {
      throw new NotFoundException({ code: 'AGENT_NOT_FOUND', message: `agent ${agentId} has no skills or capacity set` });
    }
  }

  /** The calling agent's own switch (the agent its service token names); away starts their tickets' grace period. */
  @Put('presence')
  async setPresence(@Param('workspaceId') workspaceId: string, @Body() body: unknown, @Req() req: Request) {
    const { status } = parseRuleInput(routingPresenceBody, body);
    const { agentId } = callerOf(req);
    await this.presence.switchTo(workspaceId, agentId, status);
    return { agentId, status };
  }
}
