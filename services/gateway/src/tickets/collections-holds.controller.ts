import { Body, Controller, Delete, Get, Param, Put, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from './tickets-client';

/**
 * A complaint holds debt collection for its customer until the ticket is
 * closed: agents set or release the hold on a ticket; a collections system
 * asks per customer. Owned by the tickets service (ticket.collections-hold.v1).
 */
@Controller('api/v1')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class CollectionsHoldsController {
  constructor(private readonly tickets: TicketsClient) {}

  @Put('tickets/:number/collections-hold')
  async hold(@CurrentAgent() agent: AgentPrincipal, @Param('number') number: string, @Body() body: unknown, @Req() req: Request) {
    return this.command(agent, number, req, 'PUT', body ?? {});
  }

  @Delete('tickets/:number/collections-hold')
  async release(@CurrentAgent() agent: AgentPrincipal, @Param('number') number: string, @Req() req: Request) {
    return this.command(agent, number, req, 'DELETE');
  }

  @Get('customers/:id/collections-hold')
  ofCustomer(@CurrentAgent() agent: AgentPrincipal, @Param('id') customerId: string) {
    return this.tickets.get(agent, `customers/${encodeURIComponent(customerId)}/collections-hold`);
  }

  private async command(agent: AgentPrincipal, number: string, req: Request, method: 'PUT' | 'DELETE', body?: unknown) {
    const headers = { 'idempotency-key': req.header('idempotency-key') };
    const path = `tickets/${encodeURIComponent(number)}/collections-hold`;
    return (await this.tickets.call(agent, path, { method, body, headers })).body;
  }
}
