import { Body, ConflictException, Controller, Get, NotFoundException, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AuditLog } from '@threadline/persistence';
import { parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { CurrentAgents } from '../sessions/current-agents';
import { AnnounceAgentTeams } from './announce-agent-teams';
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

/** Admins manage the agents of their own workspace; every change lands in the audit trail. */
@Controller('api/v1/agents')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class AgentsController {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly audit: AuditLog,
    private readonly currentAgents: CurrentAgents,
    private readonly announceTeams: AnnounceAgentTeams,
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
    const input = parseOrBadRequest(newAgentBody, body);
    const created = await this.workspaces.createAgent({ ...input, workspaceId: admin.workspaceId });
    if (!created) throw new ConflictException({ code: 'AGENT_EXISTS', message: `an agent with e-mail ${input.email} exists` });
    const agent = await this.workspaces.findAgent(admin.workspaceId, input.email);
    if (!agent) throw new Error('agent missing after create');
    await this.record(admin, 'agent.create', agent, null, {
      email: agent.email,
      name: agent.name,
      role: agent.role,
      teams: agent.teams,
    });
    if (agent.teams.length > 0) await this.announceTeams.execute(admin.workspaceId, agent._id, agent.teams);
    return present(agent);
  }

  @ApiRoute({
    tag: 'agents',
    summary: "Change an agent's name, role or teams",
    body: agentChangeBody,
    success: { status: 200, description: 'agent', schema: agentAnswer },
  })
  @Patch(':id')
  async update(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string, @Body() body: unknown) {
    const change = parseOrBadRequest(agentChangeBody, body);
    const result = await this.workspaces.updateAgent(admin.workspaceId, id, change);
    if (!result) throw new NotFoundException({ code: 'AGENT_NOT_FOUND', message: `no agent ${id}` });
    this.currentAgents.forget(admin.workspaceId, id);
    const before = Object.fromEntries(Object.keys(change).map((k) => [k, result.before[k as keyof typeof change] ?? null]));
    await this.record(admin, 'agent.update', result.after, before, change);
    if (change.teams) await this.announceTeams.execute(admin.workspaceId, id, result.after.teams ?? []);
    return present(result.after);
  }

  private async record(
    admin: AgentPrincipal,
    action: string,
    agent: AgentDoc,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ) {
    await this.audit.appendOnce({
      _id: randomUUID(),
      workspaceId: admin.workspaceId,
      at: new Date(),
      actor: { kind: 'agent', id: admin.agentId },
      action,
      entity: { type: 'agent', id: agent._id, label: agent.email },
      before,
      after,
      commandId: null,
    });
  }
}
