import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from '../tickets/tickets-client';
import { acknowledgementSettingsBody, acknowledgementsAnswer } from '@threadline/contracts';

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

  @ApiRoute({
    tag: 'routing',
    summary:
      "How new tickets are acknowledged with their number: on/off per channel, the language, the workspace's Polish and English texts",
    forwardedTo: 'tickets',
    success: {
      status: 200,
      description:
        '{version, enabled, channels: {email, sms, messenger, slack, chat, voice}, languageFrom, defaultLanguage, templates}',
      schema: acknowledgementsAnswer,
    },
  })
  @Get()
  get(@CurrentAgent() admin: AgentPrincipal) {
    return this.tickets.get(admin, 'acknowledgements');
  }

  @ApiRoute({
    tag: 'routing',
    summary:
      'Replace the acknowledgement settings (each text must contain {{number}}; {{subject}} is the customer’s subject); applies to tickets opened from then on; audited',
    body: acknowledgementSettingsBody,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the settings with their new version', schema: acknowledgementsAnswer },
  })
  @Put()
  async replace(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return (await this.tickets.call(admin, 'acknowledgements', { method: 'PUT', body: body ?? {} })).body;
  }
}
