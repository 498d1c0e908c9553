import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { channelVoiceConfigSchema, twilioAccountOf, type ChannelVoiceConfig } from './config';
import { SmsInboundModule } from './sms-inbound/sms-inbound.module';
import { SmsOutboundModule } from './sms-outbound/sms-outbound.module';
import { SmsStatusModule } from './sms-status/sms-status.module';
import { VoiceSharedModule } from './voice-shared.module';

@Module({})
export class ChannelVoiceAppModule {}

/** Phone and SMS on Twilio; this slice: SMS in, SMS out, delivery status. */
export const channelVoiceService: ServiceDefinition<ChannelVoiceConfig> = {
  name: 'channel-voice',
  configSchema: channelVoiceConfigSchema,
  module: (config: ChannelVoiceConfig, logger: Logger): DynamicModule => {
    const platform = PlatformModule.forRoot({ service: 'channel-voice', config, logger });
    const account = twilioAccountOf(config);
    if (!account) {
      logger.warn('SMS channel off: no Twilio account configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL)');
      return { module: ChannelVoiceAppModule, imports: [platform] };
    }
    return {
      module: ChannelVoiceAppModule,
      imports: [platform, VoiceSharedModule.forRoot(account), SmsInboundModule, SmsOutboundModule, SmsStatusModule],
    };
  },
};
