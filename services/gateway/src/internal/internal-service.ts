import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { InternalApiClient, ServiceTokenMinter, type CallerPrincipal } from '@threadline/service-runtime';
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

/** The gateway's side of the service tokens: one minter per config (the secret is the same for every call). */
const minters = new WeakMap<GatewayConfig, ServiceTokenMinter>();
export function gatewayTokens(config: GatewayConfig): ServiceTokenMinter {
  let minter = minters.get(config);
  if (!minter) minters.set(config, (minter = new ServiceTokenMinter('gateway', config.SERVICE_TOKEN_SECRET)));
  return minter;
}

/**
 * A call to the internal API (internal listener) of the service that owns
 * the data. The workspace always comes from the agent's token, never from
 * the request, so another workspace's data is simply not found; the agent's
 * id and role travel in a short-lived service token for that service, which
 * its listener guard verifies. The owner's 4xx answers pass through as they are.
 */
export async function callInternal(
  service: { name: string; baseUrl: string; tokens: ServiceTokenMinter },
  agent: AgentPrincipal | Omit<CallerPrincipal, 'issuer'>,
  path: string,
  request: InternalRequest = {},
): Promise<InternalAnswer> {
  const unavailable = (what: string) =>
    new ServiceUnavailableException({ code: `${service.name.toUpperCase().replace(/-/g, '_')}_UNAVAILABLE`, message: what });
  let response: Response;
  try {
    response = await new InternalApiClient(service, service.tokens).call(agent, path, request);
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
 * The services the gateway may run without (channels, routing, sla, reporting): `setting` names the URL
 * variable, `offCode` the 503 their endpoints answer while it is unset.
 */
export const OPTIONAL_OWNERS = {
  email: { name: 'channel-email', setting: 'CHANNEL_EMAIL_URL', offCode: 'MAILBOXES_NOT_CONFIGURED' },
  voice: { name: 'channel-voice', setting: 'CHANNEL_VOICE_URL', offCode: 'VOICE_NOT_CONFIGURED' },
  social: { name: 'channel-social', setting: 'CHANNEL_SOCIAL_URL', offCode: 'SOCIAL_NOT_CONFIGURED' },
  routing: { name: 'routing', setting: 'ROUTING_URL', offCode: 'ROUTING_NOT_CONFIGURED' },
  sla: { name: 'sla', setting: 'SLA_URL', offCode: 'SLA_NOT_CONFIGURED' },
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
  return (await callInternal({ name: owner.name, baseUrl, tokens: gatewayTokens(config) }, agent, path, request)).body;
}
