import { Body, ConflictException, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseOrBadRequest } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { WorkspaceRepository } from '../workspaces/workspace.repository';
import { AGENT_ROLES } from '../workspaces/workspace.schema';

// Strict: an unknown field is an error, never silently stored (mass assignment).
const newAgentBody = z.strictObject({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  role: z.enum(AGENT_ROLES),
  password: z.string().min(12, 'must be at least 12 characters').max(500),
});

/** Admins manage the agents of their own workspace. */
@Controller('api/v1/agents')
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class AgentsController {
  constructor(private readonly workspaces: WorkspaceRepository) {}

  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal) {
    const agents = await this.workspaces.listAgents(admin.workspaceId);
    return { items: agents.map(({ _id, email, name, role, createdAt }) => ({ id: _id, email, name, role, createdAt })) };
  }

  @Post()
  async create(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    const input = parseOrBadRequest(newAgentBody, body);
    const created = await this.workspaces.createAgent({ ...input, workspaceId: admin.workspaceId });
    if (!created) throw new ConflictException({ code: 'AGENT_EXISTS', message: `an agent with e-mail ${input.email} exists` });
    const agent = await this.workspaces.findAgent(admin.workspaceId, input.email);
    return { id: agent?._id, email: agent?.email, name: agent?.name, role: agent?.role };
  }
}
