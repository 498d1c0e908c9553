import {
  createParamDecorator,
  ForbiddenException,
  Injectable,
  SetMetadata,
  NotFoundException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { ServiceTokenVerifier, type CallerPrincipal, type CallerRole } from '../service-auth/service-token';
import { cameThroughInternalListener } from './internal-listener';
import { routeDoor } from './route-doors';

type CallerRequest = Request & { [CALLER]?: CallerPrincipal };
const CALLER = Symbol('threadline:caller');
const CALLER_ROLES = 'threadline:caller-roles';

/**
 * Which roles the service token must name for an internal route (403
 * otherwise): the owner checks it too, not only the gateway in front.
 */
export const CallerRoles = (...roles: CallerRole[]) => SetMetadata(CALLER_ROLES, roles);

/**
 * Runs before every handler of every service (a global guard from the
 * platform module), so a route added later is covered without a line of its
 * own. Public routes are served on the public listener only; internal routes
 * on the internal listener only, and only with a valid service token for
 * this service whose workspace is the one in the path. Anything else on a
 * listener answers exactly as an unknown path does.
 */
@Injectable()
export class ListenerGuard implements CanActivate {
  constructor(private readonly tokens: ServiceTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const door = routeDoor(context.getClass(), context.getHandler());
    const internal = cameThroughInternalListener(request);
    if (door.kind === 'public' && !internal) return true;
    if (door.kind !== 'internal' || !internal) throw notFound(request);
    const caller = await this.authenticate(request);
    const roles = (Reflect.getMetadata(CALLER_ROLES, context.getHandler()) ??
      Reflect.getMetadata(CALLER_ROLES, context.getClass())) as CallerRole[] | undefined;
    if (roles && !roles.includes(caller.role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `requires role ${roles.join(' or ')}` });
    }
    request[CALLER] = caller;
    return true;
  }

  private async authenticate(request: Request): Promise<CallerPrincipal> {
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    const caller = scheme === 'Bearer' && token ? await this.tokens.verify(token) : null;
    if (!caller)
      throw new UnauthorizedException({ code: 'SERVICE_TOKEN_REQUIRED', message: 'a valid service token is required' });
    // Every internal route is under internal/v1/workspaces/:workspaceId; a token opens its own workspace only.
    if (request.params.workspaceId !== caller.workspaceId) {
      throw new UnauthorizedException({ code: 'SERVICE_TOKEN_WORKSPACE', message: 'the service token is for another workspace' });
    }
    return caller;
  }
}

/** Nest's own answer for a path nothing serves: a refused door looks like no door. */
function notFound(request: Request): NotFoundException {
  return new NotFoundException(`Cannot ${request.method} ${request.path}`);
}

/** Who an internal call is for, as its verified service token says (never a header). */
export function callerOf(request: Request): CallerPrincipal {
  const caller = (request as CallerRequest)[CALLER];
  // Only reachable if a handler runs without the listener guard: a bug, not a client error.
  if (!caller) throw new Error('no verified caller on this request: is it an internal route?');
  return caller;
}

/** The verified caller of an internal route (agent or service, workspace, role). */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CallerPrincipal =>
  callerOf(context.switchToHttp().getRequest<Request>()),
);
