import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { CORRELATION_HEADER, currentCorrelation } from '@threadline/observability';
import type { AgentPrincipal } from '../auth/token.service';

export interface InternalRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string>;
  body?: unknown;
  /** Passed through from the agent's request: If-Match, Idempotency-Key. */
  headers?: Record<string, string | undefined>;
}

export interface InternalAnswer {
  body: unknown;
  etag: string | null;
}

/**
 * A call to the internal API of the service that owns the data. The
 * workspace always comes from the agent's token, never from the request, so
 * another workspace's data is simply not found; the agent's id and role
 * travel in headers the owner trusts because only the gateway reaches it.
 * The owner's 4xx answers pass through as they are.
 */
export async function callInternal(
  service: { name: string; baseUrl: string },
  agent: AgentPrincipal,
  path: string,
  request: InternalRequest = {},
): Promise<InternalAnswer> {
  const base = service.baseUrl.endsWith('/') ? service.baseUrl : `${service.baseUrl}/`;
  const url = new URL(`internal/v1/workspaces/${encodeURIComponent(agent.workspaceId)}/${path}`, base);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = {
    [CORRELATION_HEADER]: currentCorrelation()?.correlationId ?? '',
    'x-agent-id': agent.agentId,
    'x-agent-role': agent.role,
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) if (value) headers[name] = value;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const unavailable = (what: string) =>
    new ServiceUnavailableException({ code: `${service.name.toUpperCase().replace(/-/g, '_')}_UNAVAILABLE`, message: what });
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw unavailable(`the ${service.name} service did not answer`);
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status >= 400 && response.status < 500) throw new HttpException(body ?? {}, response.status);
  // A 503 that says why (a channel switched off) reaches the agent as it is; other failures are summed up.
  if (response.status === 503 && hasCode(body)) throw new ServiceUnavailableException(body);
  if (!response.ok) throw unavailable(`${service.name} answered ${response.status}`);
  return { body, etag: response.headers.get('etag') };
}

function hasCode(body: unknown): body is { code: string; message?: string } {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

/** A channel service the gateway may run without: `setting` names its URL variable, `offCode` the 503 while it is unset. */
export interface OptionalOwner {
  name: string;
  baseUrl: string | undefined;
  setting: string;
  offCode: string;
}

/** callInternal to an optional owner, answering its body; while the gateway has no URL for it, a 503 that says which. */
export async function callOptionalOwner(
  owner: OptionalOwner,
  agent: AgentPrincipal,
  path: string,
  request: InternalRequest = {},
): Promise<unknown> {
  if (!owner.baseUrl) {
    throw new ServiceUnavailableException({ code: owner.offCode, message: `${owner.setting} is not set for the gateway` });
  }
  return (await callInternal({ name: owner.name, baseUrl: owner.baseUrl }, agent, path, request)).body;
}
