import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { CORRELATION_HEADER, currentCorrelation } from '@threadline/observability';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';

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

/**
 * The services the gateway may run without (channels, reporting): `setting` names the URL
 * variable, `offCode` the 503 their endpoints answer while it is unset.
 */
export const OPTIONAL_OWNERS = {
  email: { name: 'channel-email', setting: 'CHANNEL_EMAIL_URL', offCode: 'MAILBOXES_NOT_CONFIGURED' },
  voice: { name: 'channel-voice', setting: 'CHANNEL_VOICE_URL', offCode: 'VOICE_NOT_CONFIGURED' },
  social: { name: 'channel-social', setting: 'CHANNEL_SOCIAL_URL', offCode: 'SOCIAL_NOT_CONFIGURED' },
  reporting: { name: 'reporting', setting: 'REPORTING_URL', offCode: 'REPORTING_NOT_CONFIGURED' },
} as const satisfies Record<string, { name: string; setting: keyof GatewayConfig; offCode: string }>;

/** callInternal to an optional owner, answering its body; while the gateway has no URL for it, a 503 that says which. */
export async function callOptionalOwner(
  owner: (typeof OPTIONAL_OWNERS)[keyof typeof OPTIONAL_OWNERS],
  config: GatewayConfig,
  agent: AgentPrincipal,
  path: string,
  request: InternalRequest = {},
): Promise<unknown> {
  const baseUrl = config[owner.setting];
  if (!baseUrl) {
    throw new ServiceUnavailableException({ code: owner.offCode, message: `${owner.setting} is not set for the gateway` });
  }
  return (await callInternal({ name: owner.name, baseUrl }, agent, path, request)).body;
}
