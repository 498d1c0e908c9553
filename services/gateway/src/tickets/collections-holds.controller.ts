import { Body, Controller, Delete, Get, Param, Put, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from './tickets-client';
import { collectionsHoldBody, collectionsHoldAnswer, customerHoldsAnswer } from '@threadline/contracts';

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

  @ApiRoute({
    tag: 'tickets',
    summary:
      'Hold debt collection for the ticket’s customer (a complaint) until the ticket is closed; announced as ticket.collections-hold.v1',
    body: collectionsHoldBody,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: '{number, collectionsHold: {reason, since, by}}', schema: collectionsHoldAnswer },
  })
  @Put('tickets/:number/collections-hold')
  async hold(@CurrentAgent() agent: AgentPrincipal, @Param('number') number: string, @Body() body: unknown, @Req() req: Request) {
    return this.command(agent, number, req, 'PUT', body ?? {});
  }

  @ApiRoute({
    tag: 'tickets',
    summary: 'Release the hold before the ticket is closed',
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: '{number, collectionsHold: null}', schema: collectionsHoldAnswer },
  })
  @Delete('tickets/:number/collections-hold')
  async release(@CurrentAgent() agent: AgentPrincipal, @Param('number') number: string, @Req() req: Request) {
    return this.command(agent, number, req, 'DELETE');
  }

  @ApiRoute({
    tag: 'customers',
    summary: 'Whether debt collection must wait for this customer: held while any of their tickets holds',
    forwardedTo: 'tickets',
    success: {
      status: 200,
      description: '{customerId, held, holds: [{number, reason, since, by}]}',
      schema: customerHoldsAnswer,
    },
  })
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
