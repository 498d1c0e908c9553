import { InternalApiClient, type ServiceTokenMinter } from '@threadline/service-runtime';

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
 * The tickets service's internal API, called by routing for itself: a service token naming
 * routing (role `service`, agent id `routing`), minted per call by `InternalApiClient`.
 */
export class TicketsClient {
  private readonly client: InternalApiClient;

  constructor(
    baseUrl: string,
    tokens: ServiceTokenMinter,
    private readonly timeoutMs = 10_000,
  ) {
    this.client = new InternalApiClient({ name: 'tickets', baseUrl }, tokens);
  }

  async call<T = unknown>(workspaceId: string, path: string, request: TicketsCall = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.client.asItself(workspaceId, path, {
        method: request.method ?? 'GET',
        headers: { 'idempotency-key': request.idempotencyKey },
        body: request.body,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      throw new TicketsUnavailable(`tickets did not answer: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
    if (response.status >= 400 && response.status < 500) {
      throw new TicketCommandRefused(response.status, body?.code ?? null, body?.message ?? `tickets answered ${response.status}`);
    }
    if (!response.ok) throw new TicketsUnavailable(`tickets answered ${response.status}`);
    return body as T;
  }
}
