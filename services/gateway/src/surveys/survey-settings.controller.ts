import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from '../tickets/tickets-client';

/** Admins' survey settings and notice texts; owned, validated and audited by the tickets service. */
@Controller('api/v1/surveys/settings')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class SurveySettingsController {
  constructor(private readonly tickets: TicketsClient) {}

  @Get()
  get(@CurrentAgent() admin: AgentPrincipal) {
    return this.tickets.get(admin, 'surveys/settings');
  }

  @Put()
  async replace(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return (await this.tickets.call(admin, 'surveys/settings', { method: 'PUT', body: body ?? {} })).body;
  }
}
