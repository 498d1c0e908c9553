import { BadRequestException, Controller, Get, Inject, Param, Query, ServiceUnavailableException } from '@nestjs/common';
import { CallerRoles, CONFIG, parseOrBadRequest } from '@threadline/service-runtime';
import { timeZoneOf, type ReportingConfig } from '../config';
import { RebuildProgress } from '../projection/rebuild';
import { BuildReport } from './build-report.usecase';
import { csvFilename, reportCsv } from './csv';
import { REPORTS, reportQuerySchema, resolveQuery, type ReportName } from './report-query';

/**
 * The reports (internal; the gateway checks the role and forwards the
 * agent's workspace). `format=csv` answers `{filename, csv}` for the gateway
 * to send as a file. While the read models are being rebuilt (a new
 * projection version) every report is a 503 `REPORTS_REBUILDING`, never
 * figures of half the history.
 */
@Controller('internal/v1/workspaces/:workspaceId/reports')
@CallerRoles('supervisor', 'admin')
export class ReportsController {
  private readonly zoneOf: (workspaceId: string) => string;

  constructor(
    private readonly buildReport: BuildReport,
    private readonly rebuild: RebuildProgress,
    @Inject(CONFIG) private readonly config: ReportingConfig,
  ) {
    this.zoneOf = timeZoneOf(config);
  }

  @Get(':report')
  async report(@Param('workspaceId') workspaceId: string, @Param('report') report: string, @Query() raw: unknown) {
    if (!(REPORTS as readonly string[]).includes(report)) {
      throw new BadRequestException({
        code: 'INVALID_INPUT',
        errors: [{ field: 'report', reason: `must be one of ${REPORTS.join(', ')}` }],
      });
    }
    if (await this.rebuild.rebuilding()) {
      throw new ServiceUnavailableException({
        code: 'REPORTS_REBUILDING',
        message: 'Reports are being rebuilt from the event history after an upgrade; try again in a few minutes',
      });
    }
    const timeZone = this.zoneOf(workspaceId);
    const schema = reportQuerySchema(this.config.REPORTING_MAX_PERIOD_DAYS, report as ReportName);
    const query = resolveQuery(parseOrBadRequest(schema, raw), timeZone);
    const result = await this.buildReport.execute(workspaceId, timeZone, report as ReportName, query);
    if (query.format === 'csv') return { filename: csvFilename(result), csv: reportCsv(result) };
    const { table, ...figures } = result;
    void table;
    return figures;
  }
}
