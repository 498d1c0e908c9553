import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from './tickets-client';

const LIST_FILTERS = ['status', 'customerId', 'limit', 'before'] as const;

/** Agent API for tickets; thin: authenticate, then ask the tickets service. */
@Controller('api/v1/tickets')
@UseGuards(AgentAuthGuard)
export class TicketsController {
  constructor(private readonly tickets: TicketsClient) {}

  @Get()
  list(@CurrentAgent() agent: AgentPrincipal, @Query() query: Record<string, unknown>) {
    const filters: Record<string, string> = {};
    for (const name of LIST_FILTERS) if (typeof query[name] === 'string') filters[name] = query[name];
    return this.tickets.get(agent.workspaceId, 'tickets', filters);
  }

  @Get(':number')
  detail(@CurrentAgent() agent: AgentPrincipal, @Param('number') number: string) {
    return this.tickets.get(agent.workspaceId, `tickets/${encodeURIComponent(number)}`);
  }
}
