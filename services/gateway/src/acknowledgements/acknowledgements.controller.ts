import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from '../tickets/tickets-client';

/**
 * Admins set how new tickets are acknowledged: on/off per channel, the
 * language, the Polish and English texts. Owned by the tickets service,
 * which validates and audits them and sends the acknowledgements.
 */
@Controller('api/v1/acknowledgements')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class AcknowledgementsController {
  constructor(private readonly tickets: TicketsClient) {}

  @Get()
  get(@CurrentAgent() admin: AgentPrincipal) {
    return this.tickets.get(admin, 'acknowledgements');
  }

  @Put()
  async replace(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return (await this.tickets.call(admin, 'acknowledgements', { method: 'PUT', body: body ?? {} })).body;
  }
}
