import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from '../tickets/tickets-client';
import { surveySettingsBody, surveySettingsAnswer } from '@threadline/contracts';

/** Admins' survey settings and notice texts; owned, validated and audited by the tickets service. */
@Controller('api/v1/surveys/settings')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class SurveySettingsController {
  constructor(private readonly tickets: TicketsClient) {}

  @ApiRoute({
    tag: 'surveys',
    summary: "The workspace's satisfaction survey (off until set) and its notice texts for the survey and the chat widget",
    forwardedTo: 'tickets',
    success: {
      status: 200,
      description: '{enabled, scale: csat|nps, surveyNotice: {pl, en}|null, chatNotice: {pl, en}|null, updatedAt}',
      schema: surveySettingsAnswer,
    },
  })
  @Get()
  get(@CurrentAgent() admin: AgentPrincipal) {
    return this.tickets.get(admin, 'surveys/settings');
  }

  @ApiRoute({
    tag: 'surveys',
    summary:
      'Turn the survey after a closed ticket on or off, choose CSAT (1–5) or NPS (0–10), set the notices (Polish and English); audited',
    body: surveySettingsBody,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the settings as stored', schema: surveySettingsAnswer },
  })
  @Put()
  async replace(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return (await this.tickets.call(admin, 'surveys/settings', { method: 'PUT', body: body ?? {} })).body;
  }
}
