import { Body, Controller, Get, Put, Query, UseGuards } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from '../tickets/tickets-client';

/** The workspace's retention periods (RODO) and its daily runs' results; owned by the tickets service. */
@Controller('api/v1/retention')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class RetentionController {
  constructor(private readonly tickets: TicketsClient) {}

  @Get()
  show(@CurrentAgent() admin: AgentPrincipal) {
    return this.tickets.get(admin, 'retention');
  }

  @Put()
  async change(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return (await this.tickets.call(admin, 'retention', { method: 'PUT', body })).body;
  }

  @Get('runs')
  runs(@CurrentAgent() admin: AgentPrincipal, @Query() query: Record<string, string>) {
    return this.tickets.get(admin, 'retention/runs', query);
  }
}
