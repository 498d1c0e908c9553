import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export type ApiRole = 'agent' | 'supervisor' | 'admin';

/**
 * What a route's answers and inputs are, beside its handler. Method, path and
 * roles are not repeated here: the OpenAPI document reads them from Nest's own
 * metadata (`@Get`, `@Controller`, `@Roles`), so the description cannot drift
 * from the route the gateway serves.
 */
export interface ApiRouteDoc {
  summary: string;
  tag: string;
  /** Who may call it when no guard says so (the handler checks a token itself); a guarded route's roles come from `@Roles`. */
  roles?: ApiRole[];
  /** What the role list does not say (e.g. agents may only take unassigned tickets). */
  policy?: string;
  /** Also opens with `?token=` (a stream token) instead of the Authorization header. */
  streamToken?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Query parameters whose meaning at the gateway differs from the schema's (the gateway resolves them). */
  queryNotes?: Record<string, string>;
  /** Ticket commands: If-Match in, ETag out; Idempotency-Key for safe retries. */
  versioned?: boolean;
  idempotent?: boolean;
  /** The internal service that answers (its refusals pass through; 503 when it cannot be reached). */
  forwardedTo?: string;
  /**
   * The success answer. `schema` is what a client may rely on (the zod schema the TypeScript type is
   * inferred from); 204 has none; a non-JSON answer (a file, HTML, an event stream) may leave it out.
   */
  success: { status: number; description: string; contentType?: string; schema?: z.ZodType };
  /** Refusals of this route beyond the ones every route of its kind has (400 input, 401/403 auth, 404 path, 503 forwarding). */
  errors?: Partial<Record<number, string>>;
}

const API_ROUTE = 'threadline:api-route';

/** Describes the handler's route for the API's OpenAPI document. */
export const ApiRoute = (doc: ApiRouteDoc) => SetMetadata(API_ROUTE, doc);

export const apiRouteOf = (handler: object): ApiRouteDoc | undefined =>
  Reflect.getMetadata(API_ROUTE, handler) as ApiRouteDoc | undefined;
