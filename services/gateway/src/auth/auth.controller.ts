import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  NotFoundException,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import bcrypt from 'bcryptjs';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { LoginThrottle } from '../sessions/login-throttle';
import { RefreshTokens } from '../sessions/refresh-tokens';
import { WorkspaceRepository } from '../workspaces/workspace.repository';
import type { AgentDoc } from '../workspaces/workspace.schema';
import { AgentAuthGuard, CurrentAgent } from './agent-auth.guard';
import { TokenService, type AgentPrincipal } from './token.service';
import { sessionAnswer, agentAnswer } from '@threadline/contracts';

export const loginBody = z.strictObject({
  workspace: z.string().min(1).max(100),
  email: z.email(),
  password: z.string().min(1).max(500),
});
export const refreshBody = z.strictObject({ refreshToken: z.string().min(20).max(200) });

// Compared against when the agent does not exist, so a login takes as long either way.
const UNKNOWN_AGENT_HASH = bcrypt.hashSync('threadline-no-such-agent', 12);

@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokens,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Workspace, e-mail and password → a short-lived access token and a refresh token. */
  @ApiRoute({
    tag: 'auth',
    summary: 'Log in: access token (short-lived) and refresh token',
    body: loginBody,
    success: { status: 200, description: 'tokens', schema: sessionAnswer },
    errors: {
      401: 'wrong workspace, e-mail or password (INVALID_CREDENTIALS)',
      429: 'too many failed logins for the account or the client (TOO_MANY_ATTEMPTS); see Retry-After',
    },
  })
  @Post('auth/login')
  @PublicRoute({ guard: 'rate-limit' })
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { workspace: slug, email, password } = parseOrBadRequest(loginBody, body);
    const account = `${slug}/${email}`;
    const client = request.ip ?? 'unknown';
    const wait = await this.throttle.admit(account, client);
    if (wait > 0) {
      response.setHeader('Retry-After', String(wait));
      throw new HttpException(
        { code: 'TOO_MANY_ATTEMPTS', message: `too many failed logins; try again in ${wait} s` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const workspace = await this.workspaces.findWorkspaceBySlug(slug);
    const agent = workspace ? await this.workspaces.findAgent(workspace._id, email) : null;
    const matches = await bcrypt.compare(password, agent?.passwordHash ?? UNKNOWN_AGENT_HASH);
    if (!agent || !matches) {
      await this.throttle.recordFailure(client);
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'workspace, e-mail or password is wrong' });
    }
    await this.throttle.recordSuccess(account);
    return this.session(agent);
  }

  /** A refresh token (used once) → a new pair; the role is read afresh, so a changed role applies now. */
  @ApiRoute({
    tag: 'auth',
    summary: 'Exchange a refresh token (once) for a new pair; reuse ends the login',
    body: refreshBody,
    success: { status: 200, description: 'tokens', schema: sessionAnswer },
    errors: { 401: 'unknown or expired (REFRESH_TOKEN_INVALID), already used (REFRESH_TOKEN_REUSED), agent gone (AGENT_GONE)' },
  })
  @Post('auth/refresh')
  @PublicRoute({ guard: 'token' })
  @HttpCode(200)
  async refresh(@Body() body: unknown) {
    const { refreshToken } = parseOrBadRequest(refreshBody, body);
    const outcome = await this.refreshTokens.consume(refreshToken);
    if (!outcome.ok) {
      const message =
        outcome.reason === 'REUSED'
          ? 'refresh token was already used; every session of this login is now ended'
          : 'refresh token is not valid';
      throw new UnauthorizedException({ code: `REFRESH_TOKEN_${outcome.reason}`, message });
    }
    const agent = await this.workspaces.findAgentById(outcome.session.workspaceId, outcome.session.agentId);
    if (!agent) throw new UnauthorizedException({ code: 'AGENT_GONE', message: 'the agent no longer exists' });
    return this.session(agent, outcome.session.familyId);
  }

  /** Ends the login the refresh token belongs to (its access tokens lapse within their short lifetime). */
  @ApiRoute({
    tag: 'auth',
    summary: 'End the login a refresh token belongs to',
    body: refreshBody,
    success: { status: 204, description: 'ended' },
  })
  @Post('auth/logout')
  @PublicRoute({ guard: 'token' })
  @HttpCode(204)
  async logout(@Body() body: unknown): Promise<void> {
    const { refreshToken } = parseOrBadRequest(refreshBody, body);
    await this.refreshTokens.revoke(refreshToken);
  }

  @ApiRoute({
    tag: 'auth',
    summary: 'The agent behind the access token',
    errors: { 404: 'the agent no longer exists (AGENT_NOT_FOUND)' },
    success: { status: 200, description: 'agent', schema: agentAnswer },
  })
  @Get('me')
  @PublicRoute({ guard: 'token' })
  @UseGuards(AgentAuthGuard)
  async me(@CurrentAgent() principal: AgentPrincipal) {
    const agent = await this.workspaces.findAgentById(principal.workspaceId, principal.agentId);
    if (!agent) throw new NotFoundException({ code: 'AGENT_NOT_FOUND' });
    return {
      id: agent._id,
      email: agent.email,
      name: agent.name,
      role: agent.role,
      teams: agent.teams ?? [],
      workspaceId: agent.workspaceId,
    };
  }

  private async session(agent: AgentDoc, familyId?: string) {
    const principal = { agentId: agent._id, workspaceId: agent.workspaceId, role: agent.role };
    const [accessToken, refreshToken] = await Promise.all([
      this.tokens.issueAccessToken(principal),
      this.refreshTokens.issue(principal, familyId),
    ]);
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
      agent: { id: agent._id, name: agent.name, role: agent.role },
    };
  }
}
