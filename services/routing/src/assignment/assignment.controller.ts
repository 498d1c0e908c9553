import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { routingPresenceBody, routingQueueBody } from '@threadline/contracts';
import { CallerRoles, callerOf } from '@threadline/service-runtime';
import { parseRuleInput } from '../rules/rule-input';
import { PresenceRepository, RoutingQueueRepository } from './assignment.repositories';

/** Queues with their members (admins, through the gateway) and each agent's available / away switch. */
@Controller('internal/v1/workspaces/:workspaceId/routing')
export class AssignmentController {
  constructor(
    private readonly queues: RoutingQueueRepository,
    private readonly presence: PresenceRepository,
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

  /** The calling agent's own switch (the agent its service token names). */
  @Put('presence')
  async setPresence(@Param('workspaceId') workspaceId: string, @Body() body: unknown, @Req() req: Request) {
    const { status } = parseRuleInput(routingPresenceBody, body);
    const { agentId } = callerOf(req);
    await this.presence.setManual(workspaceId, agentId, status);
    return { agentId, status };
  }
}
