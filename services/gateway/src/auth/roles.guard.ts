import { ForbiddenException, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AgentRole } from '../workspaces/workspace.schema';
import type { AgentPrincipal } from './token.service';

const ROLES_KEY = 'threadline:roles';

/** Which roles may call a handler (use after AgentAuthGuard). */
export const Roles = (...roles: AgentRole[]) => SetMetadata(ROLES_KEY, roles);

/** The roles `@Roles` names on the handler, else on its controller (what RolesGuard enforces). */
export const rolesOf = (controller: object, handler: object): AgentRole[] | undefined =>
  (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)) as AgentRole[] | undefined;

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<AgentRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!allowed) return true;
    const agent = context.switchToHttp().getRequest<Request & { agent?: AgentPrincipal }>().agent;
    if (agent && allowed.includes(agent.role)) return true;
    throw new ForbiddenException({ code: 'FORBIDDEN', message: `requires role ${allowed.join(' or ')}` });
  }
}
