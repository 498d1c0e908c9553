import { Body, Controller, Get, Put, Query, UseGuards } from '@nestjs/common';
import { PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from '../tickets/tickets-client';
import { retentionSettingsBody, retentionRunsParams, retentionAnswer, retentionRunsAnswer } from '@threadline/contracts';

/** The workspace's retention periods (RODO) and its daily runs' results; owned by the tickets service. */
@Controller('api/v1/retention')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class RetentionController {
  constructor(private readonly tickets: TicketsClient) {}

  @ApiRoute({
    tag: 'customers',
    summary: 'The workspace’s retention periods (RODO); null: kept (the default)',
    forwardedTo: 'tickets',
    success: {
      status: 200,
      description: '{closedTicketsMonths, chatTranscriptsMonths, callRecordingsMonths, rejectedMailsDays, updatedAt, updatedBy}',
      schema: retentionAnswer,
    },
  })
  @Get()
  show(@CurrentAgent() admin: AgentPrincipal) {
    return this.tickets.get(admin, 'retention');
  }

  @ApiRoute({
    tag: 'customers',
    summary:
      'Set the retention periods (each on its own, one left out is off); a daily run anonymises what outlived them (audited)',
    body: retentionSettingsBody,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the settings as stored', schema: retentionAnswer },
  })
  @Put()
  async change(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return (await this.tickets.call(admin, 'retention', { method: 'PUT', body })).body;
  }

  @ApiRoute({
    tag: 'customers',
    summary: 'What the daily retention runs removed, newest first (counts only)',
    query: retentionRunsParams,
    forwardedTo: 'tickets',
    success: {
      status: 200,
      description:
        '{items: [{day, cutoffs, counts: {closedTickets, messages, notes, chatTranscriptLines, callRecordings, attachments}, instance, attempt, startedAt, finishedAt}]}',
      schema: retentionRunsAnswer,
    },
  })
  @Get('runs')
  runs(@CurrentAgent() admin: AgentPrincipal, @Query() query: Record<string, string>) {
    return this.tickets.get(admin, 'retention/runs', query);
  }
}
