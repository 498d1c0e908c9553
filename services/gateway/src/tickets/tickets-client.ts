import { Inject, Injectable } from '@nestjs/common';
import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { CONFIG, InternalApiClient } from '@threadline/service-runtime';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callInternal, gatewayTokens, type InternalAnswer, type InternalRequest } from '../internal/internal-service';

export type TicketsRequest = InternalRequest;
export type TicketsAnswer = InternalAnswer;

/** Queries and commands for the tickets service, which owns tickets, customers and their audit entries. */
@Injectable()
export class TicketsClient {
  private readonly service: Parameters<typeof callInternal>[0];

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.service = { name: 'tickets', baseUrl: config.TICKETS_URL, tokens: gatewayTokens(config) };
  }

  call(agent: AgentPrincipal, path: string, request: TicketsRequest = {}): Promise<TicketsAnswer> {
    return callInternal(this.service, agent, path, request);
  }

  /** A call the gateway makes on its own behalf (the public survey page: a customer, no agent). */
  asGateway(workspaceId: string, path: string, request: TicketsRequest = {}): Promise<TicketsAnswer> {
    return callInternal(this.service, { workspaceId, agentId: 'gateway', role: 'service' }, path, request);
  }

  async get(agent: AgentPrincipal, path: string, query: Record<string, string> = {}): Promise<unknown> {
    return (await this.call(agent, path, { query })).body;
  }

  /** A download (an export's archive) passed through as a stream; refusals as the owner gave them. */
  async download(agent: AgentPrincipal, path: string): Promise<Response> {
    const response = await new InternalApiClient(this.service, this.service.tokens).call(agent, path).catch(() => null);
    if (!response)
      throw new ServiceUnavailableException({ code: 'TICKETS_UNAVAILABLE', message: 'the tickets service did not answer' });
    if (!response.ok) throw new HttpException((await response.json().catch(() => null)) ?? {}, response.status);
    return response;
  }
}
