import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS } from '../internal/internal-service';
import { REPORT_NAMES, reportQueryParams, reportAnswer } from '@threadline/contracts';

interface CsvAnswer {
  filename: string;
  csv: string;
}

/**
 * The office's reports, owned by the reporting service: supervisors and
 * admins, their own workspace only. `?format=csv` answers the report as a
 * file instead of JSON.
 */
@Controller('api/v1/reports')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('supervisor', 'admin')
export class ReportsController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @ApiRoute({
    tag: 'reports',
    summary: `A report of the workspace over a period of local days: ${REPORT_NAMES.join(', ')}`,
    query: reportQueryParams,
    queryNotes: {
      to: 'the period (from–to, both ends, local days) may be at most REPORTING_MAX_PERIOD_DAYS (366) long; a longer one is a 400 naming `to`',
      tier: 'the customer’s tier as the ticket’s events gave it; channel, queue, agent, category, tier and team combine (a figure counts when it belongs to every one given; a malformed one is a 400 naming it); top-reasons and sla take none',
      team: 'a team of agents (PATCH /api/v1/agents/:id `teams`): the figures of the agents who were in it on each local day (their teams at the day’s end); contacts are not counted by team, the backlog by its members now',
    },
    forwardedTo: 'reporting',
    success: {
      status: 200,
      description:
        '{report, period, filter, filters, team, timeZone, definitions, figures} (durations in calendar time, and in the office’s business hours under `figures.business`); with format=csv the same figures as a CSV file (text/csv, UTF-8 with BOM)',
      schema: reportAnswer,
    },
    errors: {
      503: 'REPORTING_URL is not set for the gateway (REPORTING_NOT_CONFIGURED), reporting did not answer, or its read models are being rebuilt after an upgrade (REPORTS_REBUILDING)',
    },
  })
  @Get(':report')
  async report(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('report') report: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const forwarded: Record<string, string> = {};
    for (const [name, value] of Object.entries(query)) forwarded[name] = String(value);
    const answer = await callOptionalOwner(
      OPTIONAL_OWNERS.reporting,
      this.config,
      agent,
      `reports/${encodeURIComponent(report)}`,
      {
        query: forwarded,
      },
    );
    if (forwarded.format !== 'csv') return answer;
    const { filename, csv } = answer as CsvAnswer;
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="${filename}"`);
    return csv;
  }
}
