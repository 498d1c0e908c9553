import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { surveySettingsBody } from '@threadline/contracts';
import { AuditLog, agentActor } from '@threadline/persistence';
import { CallerRoles, callerOf, parseOrBadRequest } from '@threadline/service-runtime';
import { SurveySettingsRepository, type SurveySettings } from './survey-settings.repository';

/** The workspace's survey and notice texts (internal; the gateway's `/api/v1/surveys/settings`), admins only, audited. */
@Controller('internal/v1/workspaces/:workspaceId/surveys/settings')
@CallerRoles('admin')
export class SurveySettingsController {
  constructor(
    private readonly settings: SurveySettingsRepository,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  get(@Param('workspaceId') workspaceId: string) {
    return this.settings.of(workspaceId);
  }

  @Put()
  async replace(@Param('workspaceId') workspaceId: string, @Req() request: Request, @Body() body: unknown) {
    const wanted = parseOrBadRequest(surveySettingsBody, body ?? {});
    const before = await this.settings.of(workspaceId);
    const at = new Date();
    const after = await this.settings.replace(workspaceId, wanted, at);
    const { agentId } = callerOf(request);
    await this.audit.record({
      workspaceId,
      at,
      actor: agentActor(agentId),
      action: 'survey-settings.update',
      entity: { type: 'survey-settings', id: workspaceId, label: null },
      before: before.updatedAt ? strip(before) : null,
      after: strip(after),
    });
    return after;
  }
}

function strip({ enabled, scale, surveyNotice, chatNotice }: SurveySettings): Record<string, unknown> {
  return { enabled, scale, surveyNotice, chatNotice };
}
