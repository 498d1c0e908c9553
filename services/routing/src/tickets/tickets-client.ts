import { InternalApiClient, type CallerRole, type ServiceTokenMinter } from '@threadline/service-runtime';

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
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT';
  body?: unknown;
  idempotencyKey?: string;
  /** The ticket version the command is meant for (a newer one answers 409 `STALE_TICKET`). */
  ifMatch?: number;
}

/**
 * Another service's internal API, called by routing for itself: a service token minted per call
 * (audience: that service) names routing as the agent, with the role routing acts in there —
 * `service` for tickets, which gives it a supervisor's reach; `admin` for the channels' admin lists.
 */
export class InternalClient {
  private readonly client: InternalApiClient;

  constructor(
    target: { name: string; baseUrl: string },
    tokens: ServiceTokenMinter,
    private readonly options: { role: CallerRole; timeoutMs?: number },
  ) {
    this.client = new InternalApiClient(target, tokens);
  }

  async call<T = unknown>(workspaceId: string, path: string, request: TicketsCall = {}): Promise<T> {
    const { name } = this.client.target;
    let response: Response;
    try {
      response = await this.client.call({ workspaceId, agentId: ROUTING_ACTOR_ID, role: this.options.role }, path, {
        method: request.method ?? 'GET',
        headers: {
          'idempotency-key': request.idempotencyKey,
          'if-match': request.ifMatch === undefined ? undefined : `"${request.ifMatch}"`,
        },
        body: request.body,
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
    } catch (error) {
      throw new TicketsUnavailable(`${name} did not answer: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
    if (response.status >= 400 && response.status < 500) {
      throw new TicketCommandRefused(response.status, body?.code ?? null, body?.message ?? `answered ${response.status}`);
    }
    if (response.status === 503 && body?.code) throw new TicketCommandRefused(503, body.code, body.message ?? body.code);
    if (!response.ok) throw new TicketsUnavailable(`${name} answered ${response.status}`);
    return body as T;
  }
}

/** The tickets service, which owns tickets: rules read them and issue commands through it. */
export class TicketsClient extends InternalClient {
  constructor(baseUrl: string, tokens: ServiceTokenMinter) {
    super({ name: 'tickets', baseUrl }, tokens, { role: 'service' });
  }
}
