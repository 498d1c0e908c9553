import { CORRELATION_HEADER, currentCorrelation, inSpan, SpanKind, traceHeaders } from '@threadline/observability';
import { INTERNAL_ROUTE_PREFIX } from '../http/route-doors';
import type { CallerPrincipal, ServiceTokenMinter } from './service-token';

export interface InternalCall {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * Another service's internal API (its internal listener): each call carries
 * a fresh service token for that service, naming the workspace of the path
 * and who the call is for. The gateway calls for agents; any service may call
 * for itself (`asItself`: role `service`, agent id = its own name), e.g.
 * routing or sla asking tickets.
 */
export class InternalApiClient {
  constructor(
    readonly target: { name: string; baseUrl: string },
    private readonly tokens: ServiceTokenMinter,
  ) {}

  /** `path` is relative to internal/v1/workspaces/:workspaceId/, e.g. `tickets/12`. */
  async call(caller: Omit<CallerPrincipal, 'issuer'>, path: string, call: InternalCall = {}): Promise<Response> {
    const base = this.target.baseUrl.endsWith('/') ? this.target.baseUrl : `${this.target.baseUrl}/`;
    const prefix = INTERNAL_ROUTE_PREFIX.replace(':workspaceId', encodeURIComponent(caller.workspaceId));
    const url = new URL(`${prefix}/${path.replace(/^\/+/, '')}`, base);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.tokens.mint(this.target.name, caller)}`,
      [CORRELATION_HEADER]: currentCorrelation()?.correlationId ?? '',
    };
    for (const [name, value] of Object.entries(call.headers ?? {})) if (value) headers[name] = value;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const method = call.method ?? 'GET';
    return inSpan(
      `${method} ${this.target.name}`,
      { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'server.address': this.target.name } },
      async (span) => {
        const response = await fetch(url, {
          method,
          headers: { ...headers, ...traceHeaders() },
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: AbortSignal.timeout(call.timeoutMs ?? 10_000),
        });
        span?.setAttribute('http.response.status_code', response.status);
        return response;
      },
    );
  }

  /** A call the service makes on its own behalf. */
  asItself(workspaceId: string, path: string, call: InternalCall = {}): Promise<Response> {
    return this.call({ workspaceId, agentId: this.tokens.issuer, role: 'service' }, path, call);
  }
}
