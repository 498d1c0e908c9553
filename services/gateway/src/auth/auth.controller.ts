import { Body, Controller, Get, HttpCode, NotFoundException, Post, UnauthorizedException, UseGuards } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { parseOrBadRequest } from '@threadline/service-runtime';
import { WorkspaceRepository } from '../workspaces/workspace.repository';
import { AgentAuthGuard, CurrentAgent } from './agent-auth.guard';
import { TokenService, type AgentPrincipal } from './token.service';

const loginBody = z.strictObject({
  workspace: z.string().min(1).max(100),
  email: z.email(),
  password: z.string().min(1).max(500),
});

// Compared against when the agent does not exist, so a login takes as long either way.
const UNKNOWN_AGENT_HASH = bcrypt.hashSync('threadline-no-such-agent', 12);

@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly tokens: TokenService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown) {
    const { workspace: slug, email, password } = parseOrBadRequest(loginBody, body);
    const workspace = await this.workspaces.findWorkspaceBySlug(slug);
    const agent = workspace ? await this.workspaces.findAgent(workspace._id, email) : null;
    const matches = await bcrypt.compare(password, agent?.passwordHash ?? UNKNOWN_AGENT_HASH);
    if (!agent || !matches) {
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'workspace, e-mail or password is wrong' });
    }
    const accessToken = await this.tokens.issueAccessToken({
      agentId: agent._id,
      workspaceId: agent.workspaceId,
      role: agent.role,
    });
    return { accessToken, tokenType: 'Bearer', agent: { id: agent._id, name: agent.name, role: agent.role } };
  }

  @Get('me')
  @UseGuards(AgentAuthGuard)
  async me(@CurrentAgent() principal: AgentPrincipal) {
    const agent = await this.workspaces.findAgentById(principal.workspaceId, principal.agentId);
    if (!agent) throw new NotFoundException({ code: 'AGENT_NOT_FOUND' });
    return { id: agent._id, email: agent.email, name: agent.name, role: agent.role, workspaceId: agent.workspaceId };
  }
}
