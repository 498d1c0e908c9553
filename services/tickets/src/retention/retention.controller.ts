import { Body, Controller, Get, Param, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { retentionRunsParams, retentionSettingsBody } from '@threadline/contracts';
import { callerOf, parseOrBadRequest } from '@threadline/service-runtime';
import { RetentionRunsRepository } from './retention-runs.repository';
import { RetentionSettingsRepository } from './retention-settings.repository';
import { authorizeRetention, UpdateRetentionSettings } from './update-retention-settings.usecase';

/** A workspace's retention periods and what its daily runs removed (admins). */
@Controller('internal/v1/workspaces/:workspaceId/retention')
export class RetentionController {
  constructor(
    private readonly settings: RetentionSettingsRepository,
    private readonly runs: RetentionRunsRepository,
    private readonly update: UpdateRetentionSettings,
  ) {}

  @Get()
  show(@Param('workspaceId') workspaceId: string, @Req() req: Request) {
    authorizeRetention(callerOf(req));
    return this.settings.of(workspaceId);
  }

  @Put()
  change(@Param('workspaceId') workspaceId: string, @Body() body: unknown, @Req() req: Request) {
    const next = parseOrBadRequest(retentionSettingsBody, body);
    const { agentId, role } = callerOf(req);
    return this.update.execute(workspaceId, { agentId, role }, next);
  }

  @Get('runs')
  async list(@Param('workspaceId') workspaceId: string, @Query() query: unknown, @Req() req: Request) {
    const { limit } = parseOrBadRequest(retentionRunsParams, query);
    authorizeRetention(callerOf(req));
    return { items: await this.runs.latest(workspaceId, limit) };
  }
}
