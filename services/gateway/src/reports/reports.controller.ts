import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS } from '../internal/internal-service';

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
