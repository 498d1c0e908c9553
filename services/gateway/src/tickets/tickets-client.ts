import { HttpException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { CORRELATION_HEADER, currentCorrelation } from '@threadline/observability';
import { CONFIG } from '@threadline/service-runtime';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';

export interface TicketsRequest {
  method?: 'GET' | 'POST' | 'PATCH';
  query?: Record<string, string>;
  body?: unknown;
  /** Passed through from the agent's request: If-Match, Idempotency-Key. */
  headers?: Record<string, string | undefined>;
}

export interface TicketsAnswer {
  body: unknown;
  etag: string | null;
}

/**
 * Queries and commands go to the service that owns the data. The workspace
 * always comes from the agent's token, never from the request, so another
 * workspace's ticket is simply not found; the agent's id and role travel in
 * headers the tickets service trusts because only the gateway reaches it.
 */
@Injectable()
export class TicketsClient {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  async call(agent: AgentPrincipal, path: string, request: TicketsRequest = {}): Promise<TicketsAnswer> {
    const url = new URL(
      `internal/v1/workspaces/${encodeURIComponent(agent.workspaceId)}/${path}`,
      withSlash(this.config.TICKETS_URL),
    );
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = {
      [CORRELATION_HEADER]: currentCorrelation()?.correlationId ?? '',
      'x-agent-id': agent.agentId,
      'x-agent-role': agent.role,
    };
    for (const [name, value] of Object.entries(request.headers ?? {})) if (value) headers[name] = value;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method ?? 'GET',
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new ServiceUnavailableException({ code: 'TICKETS_UNAVAILABLE', message: 'the tickets service did not answer' });
    }
    const body = await response.json().catch(() => null);
    // The owner's 4xx answers (bad filter, unknown ticket, stale update) pass through as they are.
    if (response.status >= 400 && response.status < 500) throw new HttpException(body ?? {}, response.status);
    if (!response.ok)
      throw new ServiceUnavailableException({ code: 'TICKETS_FAILED', message: `tickets answered ${response.status}` });
    return { body, etag: response.headers.get('etag') };
  }

  async get(agent: AgentPrincipal, path: string, query: Record<string, string> = {}): Promise<unknown> {
    return (await this.call(agent, path, { query })).body;
  }
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
