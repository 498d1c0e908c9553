import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import type { Logger } from '@threadline/observability';
import { LOGGER, PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import {
  channelSocialConfigSchema,
  chatSettingsOf,
  messengerSettingsOf,
  slackSettingsOf,
  type ChannelSocialConfig,
} from './config';
import { channelOffController } from './connections/connections.controller';
import { CustomerErasureModule } from './customer-erasure/customer-erasure.module';
import { MessengerInboundModule } from './messenger/inbound/messenger-inbound.module';
import { MessengerOutboundModule } from './messenger/outbound/messenger-outbound.module';
import { MessengerPagesModule } from './messenger/pages/messenger-pages.module';
import { MessengerSharedModule } from './messenger/messenger-shared.module';
import { SlackEventsModule } from './slack/events/slack-events.module';
import { slackNotificationSettingsOf } from './slack/notifications/notification-rules';
import { SlackNoticesModule } from './slack/notifications/slack-notices.module';
import { SlackNotificationsModule } from './slack/notifications/slack-notifications.module';
import { SlackOutboundModule } from './slack/outbound/slack-outbound.module';
import { SlackSharedModule } from './slack/slack-shared.module';
import { SlackTeamsModule } from './slack/workspaces/slack-teams.module';
import { SocialMetrics } from './social-metrics';
import { SocialMetricsModule } from './social-metrics.module';
import { OversizedBodyFilter, WEBHOOK_BODY_LIMIT_BYTES } from './webhook-signatures/oversized-body.filter';
import { WebChatModule } from './web-chat/web-chat.module';

@Module({})
export class ChannelSocialAppModule {}

const MessengerOffController = channelOffController(
  'messenger',
  'MESSENGER_NOT_CONFIGURED',
  'the Messenger channel is off: set MESSENGER_VERIFY_TOKEN for channel-social',
);
const SlackOffController = channelOffController(
  'slack',
  'SLACK_NOT_CONFIGURED',
  'the Slack channel is off: SLACK_ENABLED is false for channel-social',
);

/**
 * Messenger, Slack and the web chat. Messenger is on with a verify token,
 * Slack unless switched off, and their Pages and teams come from the
 * configuration and from admins; the web chat is on for the workspaces listed.
 */
export const channelSocialService: ServiceDefinition<ChannelSocialConfig> = {
  name: 'channel-social',
  configSchema: channelSocialConfigSchema,
  jsonBodyLimit: WEBHOOK_BODY_LIMIT_BYTES,
  module: (config: ChannelSocialConfig, logger: Logger): DynamicModule => {
    const imports: DynamicModule['imports'] = [
      PlatformModule.forRoot({ service: 'channel-social', config, logger }),
      CustomerErasureModule,
    ];
    const controllers: DynamicModule['controllers'] = [];
    const providers: DynamicModule['providers'] = [];
    const messenger = messengerSettingsOf(config);
    const slack = slackSettingsOf(config);
    const chat = chatSettingsOf(config);
    if (messenger || slack || chat) {
      imports.push(SocialMetricsModule);
      providers.push({
        provide: APP_FILTER,
        inject: [HttpAdapterHost, SocialMetrics, LOGGER],
        useFactory: (adapter: HttpAdapterHost, metrics: SocialMetrics, log: Logger) =>
          new OversizedBodyFilter(adapter, metrics, log),
      });
    }
    if (messenger) {
      imports.push(
        MessengerSharedModule.forRoot(messenger),
        MessengerInboundModule,
        MessengerOutboundModule,
        MessengerPagesModule,
      );
      logger.info({ configuredPages: messenger.pages.length }, 'Messenger channel on');
    } else {
      controllers.push(MessengerOffController);
      logger.warn('Messenger channel off: no verify token configured (MESSENGER_VERIFY_TOKEN)');
    }
    if (slack) {
      imports.push(
        SlackSharedModule.forRoot(slack),
        SlackEventsModule,
        SlackOutboundModule,
        SlackTeamsModule,
        SlackNoticesModule,
      );
      logger.info({ configuredTeams: slack.workspaces.length }, 'Slack channel on');
    } else {
      controllers.push(SlackOffController);
      logger.warn('Slack channel off: SLACK_ENABLED is false');
    }
    const notifications = slackNotificationSettingsOf(config);
    if (notifications && slack) {
      imports.push(SlackNotificationsModule.forRoot(notifications));
      logger.info({ rules: notifications.rules.length }, 'Slack notifications on');
    } else if (notifications) {
      logger.warn('Slack notifications off: SLACK_NOTIFICATIONS is set but Slack is off (SLACK_ENABLED=false)');
    }
    if (chat) {
      imports.push(WebChatModule.forRoot(chat));
      logger.info({ workspaces: chat.workspaces.length, agentsOnline: chat.agentsOnline }, 'web chat on');
    } else {
      logger.warn('web chat off: no workspaces configured (CHAT_WORKSPACES)');
    }
    return { module: ChannelSocialAppModule, imports, controllers, providers };
  },
};
