import { Controller, Get, UseGuards } from '@nestjs/common';
import { PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { WorkspaceRepository } from '../workspaces/workspace.repository';
import { agentDirectoryAnswer } from '@threadline/contracts';

/**
 * Who an agent can hand a ticket to or @mention: every role reads it, so it
 * names each colleague and nothing more (no e-mail address, no role, no teams —
 * the admin's GET /agents has those).
 */
@Controller('api/v1/agent-directory')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class AgentDirectoryController {
  constructor(private readonly workspaces: WorkspaceRepository) {}

  @ApiRoute({
    tag: 'agents',
    summary: 'Colleagues to assign a ticket to or @mention: {items: [{id, name, handle}]}',
    success: { status: 200, description: '{items}', schema: agentDirectoryAnswer },
  })
  @Get()
  async list(@CurrentAgent() agent: AgentPrincipal) {
    const agents = await this.workspaces.listAgents(agent.workspaceId);
    return {
      items: agents
        .map(({ _id, name, email }) => ({ id: _id, name, handle: email.split('@')[0] }))
        .sort((a, b) => a.name.localeCompare(b.name, 'pl')),
    };
  }
}
