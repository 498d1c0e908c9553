import { SetMetadata } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';

/**
 * How a route on the public listener keeps strangers out. Every public route
 * says which, in code, beside its handler; the route inventory test fails
 * for a route that says nothing and is not internal.
 * - `signature`: a provider's webhook, refused unless signed with the secret we share (Twilio, Meta, Slack);
 * - `token`: a credential we issued (the gateway's agent access, refresh or stream token) is checked;
 * - `rate-limit`: open by design and throttled (login);
 * - `none-needed`: reads nothing private and changes nothing (health, metrics, the widget script); say why.
 */
export type PublicRouteDeclaration = { guard: 'signature' | 'token' | 'rate-limit' } | { guard: 'none-needed'; why: string };

const PUBLIC_ROUTE = 'threadline:public-route';

/** Serves the controller's or handler's routes on the public listener (and only there). */
export const PublicRoute = (declaration: PublicRouteDeclaration) => SetMetadata(PUBLIC_ROUTE, declaration);

/**
 * Every internal route lives under this path: the internal listener serves it,
 * and the caller's service token must name the same workspace.
 */
export const INTERNAL_ROUTE_PREFIX = 'internal/v1/workspaces/:workspaceId';

/**
 * Which listener serves a route: `internal` for anything under `internal/`
 * (whatever else it declares), `public` when declared, else `undeclared`
 * (served by neither, and the inventory test names it).
 */
export type RouteDoor =
  | { kind: 'internal'; paths: string[] }
  | { kind: 'public'; paths: string[]; declaration: PublicRouteDeclaration }
  | { kind: 'undeclared'; paths: string[] };

export function routeDoor(controller: object, handler: object): RouteDoor {
  const paths = routePaths(controller, handler);
  // Express matches paths case-insensitively, so /INTERNAL/… reaches an internal handler too: compare lower-cased.
  if (paths.some((path) => /^internal(\/|$)/i.test(path))) return { kind: 'internal', paths };
  const declaration = (Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller)) as
    PublicRouteDeclaration | undefined;
  return declaration ? { kind: 'public', paths, declaration } : { kind: 'undeclared', paths };
}

/** The route's full paths (controller path × handler path), without leading or trailing slashes. */
export function routePaths(controller: object, handler: object): string[] {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value ?? '')]);
  const trim = (path: string) => path.replace(/^\/+|\/+$/g, '');
  return list(Reflect.getMetadata(PATH_METADATA, controller)).flatMap((base) =>
    list(Reflect.getMetadata(PATH_METADATA, handler)).map((own) => [trim(base), trim(own)].filter(Boolean).join('/')),
  );
}
