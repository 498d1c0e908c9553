import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { CONFIG } from '@threadline/service-runtime';
import type { GatewayConfig } from '../config';
import { CurrentAgents } from '../sessions/current-agents';
import { AGENT_ROLES, type AgentRole } from '../workspaces/workspace.schema';

export interface AgentPrincipal {
  agentId: string;
  workspaceId: string;
  role: AgentRole;
}

const ISSUER = 'threadline-gateway';
/** Audiences: API access, and the one-minute token that opens a live-updates stream (it travels in a URL). */
type Audience = 'agent' | 'live';
const STREAM_TOKEN_TTL_SECONDS = 60;

/**
 * Short-lived HS256 access tokens. Only HS256 is accepted on verify (no
 * `alg: none`, no key confusion), `exp` is required, and the role comes from
 * the store (`CurrentAgents`), not from the token, so a demotion or removal
 * applies within seconds rather than when the token expires.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly agents: CurrentAgents,
  ) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
  }

  get accessTtlSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  issueAccessToken(principal: AgentPrincipal): Promise<string> {
    return this.sign(principal, 'agent', this.config.JWT_ACCESS_TTL_SECONDS);
  }

  /** For EventSource, which cannot send headers: useless for anything but opening a stream, and only for a minute. */
  issueStreamToken(principal: AgentPrincipal): Promise<string> {
    return this.sign(principal, 'live', STREAM_TOKEN_TTL_SECONDS);
  }

  get streamTokenTtlSeconds(): number {
    return STREAM_TOKEN_TTL_SECONDS;
  }

  private sign(principal: AgentPrincipal, audience: Audience, ttlSeconds: number): Promise<string> {
    return new SignJWT({ ws: principal.workspaceId, role: principal.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.agentId)
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /**
   * The principal behind a token of that audience, with the agent's current
   * role, or null when the token is invalid, expired, has no expiry, is meant
   * for something else, or its agent is no longer in the workspace.
   */
  async verify(token: string, audience: Audience = 'agent'): Promise<AgentPrincipal | null> {
    const claimed = await this.verifySignature(token, audience);
    if (!claimed) return null;
    const role = await this.agents.roleOf(claimed.workspaceId, claimed.agentId);
    return role ? { ...claimed, role } : null;
  }

  private async verifySignature(token: string, audience: Audience): Promise<AgentPrincipal | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience,
        requiredClaims: ['exp', 'sub'],
      });
      const role = payload.role as AgentRole;
      if (typeof payload.sub !== 'string' || typeof payload.ws !== 'string' || !AGENT_ROLES.includes(role)) return null;
      return { agentId: payload.sub, workspaceId: payload.ws, role };
    } catch {
      return null;
    }
  }
}
