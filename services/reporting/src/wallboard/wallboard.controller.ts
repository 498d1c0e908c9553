import { Controller, Get, Inject, Param, ServiceUnavailableException } from '@nestjs/common';
import { CallerRoles, CONFIG } from '@threadline/service-runtime';
import { timeZoneOf, type ReportingConfig } from '../config';
import { RebuildProgress } from '../projection/rebuild';
import { BuildReport } from '../reports/build-report.usecase';
import { ReadTodayFigures } from './today-figures.usecase';

/** Today's figures for the live wall-board (internal; the gateway's stream polls it). */
@Controller('internal/v1/workspaces/:workspaceId/wallboard')
@CallerRoles('supervisor', 'admin')
export class WallboardController {
  private readonly today: ReadTodayFigures;

  constructor(
    buildReport: BuildReport,
    private readonly rebuild: RebuildProgress,
    @Inject(CONFIG) config: ReportingConfig,
  ) {
    this.today = new ReadTodayFigures(buildReport, timeZoneOf(config));
  }

  @Get('today')
  async figures(@Param('workspaceId') workspaceId: string) {
    if (await this.rebuild.rebuilding()) {
      throw new ServiceUnavailableException({
        code: 'REPORTS_REBUILDING',
        message: 'Reports are being rebuilt from the event history',
      });
    }
    return this.today.execute(workspaceId);
  }
}
