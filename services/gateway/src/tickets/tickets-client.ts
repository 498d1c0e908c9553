import { HttpException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { CORRELATION_HEADER, currentCorrelation } from '@threadline/observability';
import { CONFIG } from '@threadline/service-runtime';
import type { GatewayConfig } from '../config';

/**
 * Queries go to the service that owns the data. The workspace always comes
 * from the agent's token, never from the request, so another workspace's
 * ticket is simply not found.
 */
@Injectable()
export class TicketsClient {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  async get(workspaceId: string, path: string, query: Record<string, string> = {}): Promise<unknown> {
    const url = new URL(`internal/v1/workspaces/${encodeURIComponent(workspaceId)}/${path}`, withSlash(this.config.TICKETS_URL));
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { [CORRELATION_HEADER]: currentCorrelation()?.correlationId ?? '' },
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new ServiceUnavailableException({ code: 'TICKETS_UNAVAILABLE', message: 'the tickets service did not answer' });
    }
    const body = await response.json().catch(() => null);
    // The owner's 4xx answers (bad filter, unknown ticket) pass through as they are.
    if (response.status >= 400 && response.status < 500) throw new HttpException(body ?? {}, response.status);
    if (!response.ok) throw new ServiceUnavailableException({ code: 'TICKETS_FAILED', message: `tickets answered ${response.status}` });
    return body;
  }
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
