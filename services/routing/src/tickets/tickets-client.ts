import { CORRELATION_HEADER, currentCorrelation } from '@threadline/observability';

/** Routing acts on tickets under this id: its changes, notes and messages show it as the author. */
export const ROUTING_ACTOR_ID = 'routing';

/** The tickets service refused a command (4xx): the rule's action failed, with the service's reason. */
export class TicketCommandRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** The tickets service could not be reached or failed (5xx): worth retrying the event. */
export class TicketsUnavailable extends Error {
  // The name the consumers know as a dependency's failure (isTransientError): retried, never dead-lettered.
  override readonly name = 'DependencyUnavailableError';
}

export interface TicketsCall {
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  idempotencyKey?: string;
}

/**
 * Another service's internal API, as the gateway calls it: the workspace in
 * the path, the actor in headers. Routing acts as an admin (rules are written
 * by admins). All internal authentication lives here, so the signed service
 * token replaces the headers in this one place.
 */
export class InternalClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async call<T = unknown>(workspaceId: string, path: string, request: TicketsCall = {}): Promise<T> {
    const base = this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`;
    const url = new URL(`internal/v1/workspaces/${encodeURIComponent(workspaceId)}/${path}`, base);
    const headers: Record<string, string> = {
      [CORRELATION_HEADER]: currentCorrelation()?.correlationId ?? '',
      'x-agent-id': ROUTING_ACTOR_ID,
      'x-agent-role': 'admin',
    };
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method ?? 'GET',
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TicketsUnavailable(`${this.baseUrl} did not answer: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
    if (response.status >= 400 && response.status < 500) {
      throw new TicketCommandRefused(response.status, body?.code ?? null, body?.message ?? `answered ${response.status}`);
    }
    if (response.status === 503 && body?.code) throw new TicketCommandRefused(503, body.code, body.message ?? body.code);
    if (!response.ok) throw new TicketsUnavailable(`${this.baseUrl} answered ${response.status}`);
    return body as T;
  }
}

/** The tickets service, which owns tickets: rules read them and issue commands through it. */
export class TicketsClient extends InternalClient {}
