import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@threadline/service-runtime';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callInternal, type InternalAnswer, type InternalRequest } from '../internal/internal-service';

export type TicketsRequest = InternalRequest;
export type TicketsAnswer = InternalAnswer;

/** Queries and commands for the tickets service, which owns tickets, customers and their audit entries. */
@Injectable()
export class TicketsClient {
  private readonly service: { name: string; baseUrl: string };

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.service = { name: 'tickets', baseUrl: config.TICKETS_URL };
  }

  call(agent: AgentPrincipal, path: string, request: TicketsRequest = {}): Promise<TicketsAnswer> {
    return callInternal(this.service, agent, path, request);
  }

  async get(agent: AgentPrincipal, path: string, query: Record<string, string> = {}): Promise<unknown> {
    return (await this.call(agent, path, { query })).body;
  }
}
