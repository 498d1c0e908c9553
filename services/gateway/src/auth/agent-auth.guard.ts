import { createParamDecorator, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { TokenService, type AgentPrincipal } from './token.service';

type AuthenticatedRequest = Request & { agent?: AgentPrincipal };

/** Requires a valid `Authorization: Bearer <access token>`. */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    const principal = scheme === 'Bearer' && token ? await this.tokens.verify(token) : null;
    if (!principal) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid access token is required' });
    request.agent = principal;
    return true;
  }
}

/** The authenticated agent of the request (use behind AgentAuthGuard). */
export const CurrentAgent = createParamDecorator((_: unknown, context: ExecutionContext): AgentPrincipal => {
  const agent = context.switchToHttp().getRequest<AuthenticatedRequest>().agent;
  if (!agent) throw new UnauthorizedException({ code: 'UNAUTHENTICATED' });
  return agent;
});
