import { Body, Controller, Get, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { ManageAgents } from './manage-agents.usecase';
import { WorkspaceRepository } from '../workspaces/workspace.repository';
import { AGENT_ROLES, type AgentDoc } from '../workspaces/workspace.schema';
import { agentListAnswer, agentAnswer, teamName } from '@threadline/contracts';

const teams = z.array(teamName).max(20);
// Strict: an unknown field is an error, never silently stored (mass assignment).
export const newAgentBody = z.strictObject({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  role: z.enum(AGENT_ROLES),
  teams: teams.default([]),
  password: z.string().min(12, 'must be at least 12 characters').max(500),
});
export const agentChangeBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(AGENT_ROLES).optional(),
    teams: teams.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });

const present = ({ _id, email, name, role, teams: agentTeams, createdAt }: AgentDoc) => ({
  id: _id,
  email,
  name,
  role,
  teams: agentTeams ?? [],
  createdAt,
});

/** Admins manage the agents of their own workspace (`ManageAgents` decides and audits). */
@Controller('api/v1/agents')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class AgentsController {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly manageAgents: ManageAgents,
  ) {}

  @ApiRoute({
    tag: 'agents',
    summary: "The workspace's agents",
    success: { status: 200, description: '{items}', schema: agentListAnswer },
  })
  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal) {
    const agents = await this.workspaces.listAgents(admin.workspaceId);
    return { items: agents.map(present) };
  }

  @ApiRoute({
    tag: 'agents',
    summary: 'Add an agent',
    body: newAgentBody,
    success: { status: 201, description: 'agent', schema: agentAnswer },
    errors: { 409: 'an agent with this e-mail exists (AGENT_EXISTS)' },
  })
  @Post()
  async create(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return present(await this.manageAgents.add(admin, parseOrBadRequest(newAgentBody, body)));
  }

  @ApiRoute({
    tag: 'agents',
    summary: "Change an agent's name, role or teams",
    body: agentChangeBody,
    success: { status: 200, description: 'agent', schema: agentAnswer },
    errors: { 404: 'no such agent in the workspace (AGENT_NOT_FOUND)' },
  })
  @Patch(':id')
  async update(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string, @Body() body: unknown) {
    return present(await this.manageAgents.change(admin, id, parseOrBadRequest(agentChangeBody, body)));
  }
}
