import { Body, ConflictException, Controller, Get, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { acknowledgementSettingsBody } from '@threadline/contracts';
import { CallerRoles, callerOf, parseOrBadRequest } from '@threadline/service-runtime';
import { AcknowledgementSettingsBusy, ManageAcknowledgements } from './manage-acknowledgements.usecase';

/** The workspace's acknowledgement settings (internal; the gateway lets only admins here). */
@Controller('internal/v1/workspaces/:workspaceId/acknowledgements')
@CallerRoles('admin')
export class AcknowledgementsController {
  constructor(private readonly manage: ManageAcknowledgements) {}

  @Get()
  async get(@Param('workspaceId') workspaceId: string) {
    const { version, settings } = await this.manage.current(workspaceId);
    return { version, ...settings };
  }

  @Put()
  async replace(@Param('workspaceId') workspaceId: string, @Body() body: unknown, @Req() req: Request) {
    const settings = parseOrBadRequest(acknowledgementSettingsBody, body);
    try {
      const { version } = await this.manage.replace(workspaceId, callerOf(req).agentId, settings);
      return { version, ...settings };
    } catch (error) {
      if (error instanceof AcknowledgementSettingsBusy) throw new ConflictException({ code: error.code, message: error.message });
      throw error;
    }
  }
}
