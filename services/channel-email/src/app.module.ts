import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { channelEmailConfigSchema, type ChannelEmailConfig } from './config';
import { CustomerErasureModule } from './customer-erasure/customer-erasure.module';
import { MailSendingModule } from './mail-sending/mail-sending.module';
import { MailboxSyncModule } from './mailbox-sync/mailbox-sync.module';

@Module({})
export class ChannelEmailAppModule {}

export const channelEmailService: ServiceDefinition<ChannelEmailConfig> = {
  name: 'channel-email',
  configSchema: channelEmailConfigSchema,
  module: (config: ChannelEmailConfig, logger: Logger): DynamicModule => ({
    module: ChannelEmailAppModule,
    imports: [
      PlatformModule.forRoot({ service: 'channel-email', config, logger }),
      MailboxSyncModule,
      MailSendingModule,
      CustomerErasureModule,
    ],
  }),
};
