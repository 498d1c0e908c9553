import { Controller, Get, Param } from '@nestjs/common';
import { CallerRoles } from '@threadline/service-runtime';
import { SurveySettingsRepository } from './survey-settings.repository';
import { chatNotice } from './survey-texts';

/**
 * The notice the web chat widget shows visitors (channel-social, which serves
 * the widget, alone calls here): the admin's text, else the platform's line.
 */
@Controller('internal/v1/workspaces/:workspaceId/surveys/chat-notice')
@CallerRoles('service')
export class ChatNoticeController {
  constructor(private readonly settings: SurveySettingsRepository) {}

  @Get()
  async show(@Param('workspaceId') workspaceId: string) {
    return chatNotice(await this.settings.of(workspaceId));
  }
}
