import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import {
  channelSocialConfigSchema,
  chatSettingsOf,
  messengerSettingsOf,
  slackSettingsOf,
  type ChannelSocialConfig,
} from './config';
import { MessengerInboundModule } from './messenger-inbound/messenger-inbound.module';
import { MessengerOutboundModule } from './messenger-outbound/messenger-outbound.module';
import { MessengerSharedModule } from './messenger-shared.module';
import { SlackEventsModule } from './slack-events/slack-events.module';
import { slackNotificationSettingsOf } from './slack-notifications/notification-rules';
import { SlackNotificationsModule } from './slack-notifications/slack-notifications.module';
import { SlackOutboundModule } from './slack-outbound/slack-outbound.module';
import { SlackSharedModule } from './slack-shared.module';
import { SocialMetricsModule } from './social-metrics.module';
import { WebChatModule } from './web-chat/web-chat.module';

@Module({})
export class ChannelSocialAppModule {}

/** Messenger, Slack and the web chat; each channel is on only when configured. */
export const channelSocialService: ServiceDefinition<ChannelSocialConfig> = {
  name: 'channel-social',
  configSchema: channelSocialConfigSchema,
  module: (config: ChannelSocialConfig, logger: Logger): DynamicModule => {
    const imports: DynamicModule['imports'] = [PlatformModule.forRoot({ service: 'channel-social', config, logger })];
    const messenger = messengerSettingsOf(config);
    const slack = slackSettingsOf(config);
    const chat = chatSettingsOf(config);
    if (messenger || slack || chat) imports.push(SocialMetricsModule);
    if (messenger) {
      imports.push(MessengerSharedModule.forRoot(messenger), MessengerInboundModule, MessengerOutboundModule);
      logger.info({ pages: messenger.pages.length }, 'Messenger channel on');
    } else {
      logger.warn('Messenger channel off: no Pages configured (MESSENGER_PAGES, MESSENGER_VERIFY_TOKEN)');
    }
    if (slack) {
      imports.push(SlackSharedModule.forRoot(slack), SlackEventsModule, SlackOutboundModule);
      logger.info({ teams: slack.workspaces.length }, 'Slack channel on');
    } else {
      logger.warn('Slack channel off: no Slack teams configured (SLACK_WORKSPACES)');
    }
    const notifications = slackNotificationSettingsOf(config);
    if (notifications && slack) {
      imports.push(SlackNotificationsModule.forRoot(notifications));
      logger.info({ rules: notifications.rules.length }, 'Slack notifications on');
    } else if (notifications) {
      logger.warn('Slack notifications off: SLACK_NOTIFICATIONS is set but no Slack teams are (SLACK_WORKSPACES)');
    }
    if (chat) {
      imports.push(WebChatModule.forRoot(chat));
      logger.info({ workspaces: chat.workspaces.length, agentsOnline: chat.agentsOnline }, 'web chat on');
    } else {
      logger.warn('web chat off: no workspaces configured (CHAT_WORKSPACES)');
    }
    return { module: ChannelSocialAppModule, imports };
  },
};
