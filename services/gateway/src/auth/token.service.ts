import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { CONFIG } from '@threadline/service-runtime';
import type { GatewayConfig } from '../config';
import { AGENT_ROLES, type AgentRole } from '../workspaces/workspace.schema';

export interface AgentPrincipal {
  agentId: string;
  workspaceId: string;
  role: AgentRole;
}

const ISSUER = 'threadline-gateway';

/** Short-lived HS256 access tokens. Only HS256 is accepted on verify (no `alg: none`, no key confusion). */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
  }

  get accessTtlSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  issueAccessToken(principal: AgentPrincipal): Promise<string> {
    return new SignJWT({ ws: principal.workspaceId, role: principal.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.agentId)
      .setIssuer(ISSUER)
      .setAudience('agent')
      .setIssuedAt()
      .setExpirationTime(`${this.config.JWT_ACCESS_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** The principal behind a token, or null when it is invalid or expired. */
  async verify(token: string): Promise<AgentPrincipal | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: 'agent' });
      const role = payload.role as AgentRole;
      if (typeof payload.sub !== 'string' || typeof payload.ws !== 'string' || !AGENT_ROLES.includes(role)) return null;
      return { agentId: payload.sub, workspaceId: payload.ws, role };
    } catch {
      return null;
    }
  }
}
