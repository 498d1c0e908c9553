import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { channelVoiceConfigSchema, type ChannelVoiceConfig } from './config';

/** Runs on the platform (config, Kafka, store, /health, /metrics); its features arrive with their issues. */
@Module({})
export class ChannelVoiceAppModule {}

export const channelVoiceService: ServiceDefinition<ChannelVoiceConfig> = {
  name: 'channel-voice',
  configSchema: channelVoiceConfigSchema,
  module: (config: ChannelVoiceConfig, logger: Logger): DynamicModule => ({
    module: ChannelVoiceAppModule,
    imports: [PlatformModule.forRoot({ service: 'channel-voice', config, logger })],
  }),
};
