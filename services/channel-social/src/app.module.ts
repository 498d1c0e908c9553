import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { channelSocialConfigSchema, type ChannelSocialConfig } from './config';

/** Runs on the platform (config, Kafka, store, /health, /metrics); its features arrive with their issues. */
@Module({})
export class ChannelSocialAppModule {}

export const channelSocialService: ServiceDefinition<ChannelSocialConfig> = {
  name: 'channel-social',
  configSchema: channelSocialConfigSchema,
  module: (config: ChannelSocialConfig, logger: Logger): DynamicModule => ({
    module: ChannelSocialAppModule,
    imports: [PlatformModule.forRoot({ service: 'channel-social', config, logger })],
  }),
};
