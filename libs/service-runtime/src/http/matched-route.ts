import type { Request } from 'express';

/** The route template Express matched (`/api/v1/tickets/:id`), never the raw path; `unmatched` when none did. */
export function matchedRoute(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched';
}
