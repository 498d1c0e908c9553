import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { AgentPresenceModule } from './agent-presence/agent-presence.module';
import { CallOffersModule } from './call-offers/call-offers.module';
import { CallQueuesModule } from './call-queues/call-queues.module';
import { CallRecordsModule } from './call-records/call-records.module';
import { CustomerErasureModule } from './customer-erasure/customer-erasure.module';
import { channelVoiceConfigSchema, twilioAccountOf, type ChannelVoiceConfig } from './config';
import { IvrModule } from './ivr/ivr.module';
import { NumbersModule } from './numbers/numbers.module';
import { SmsInboundModule } from './sms-inbound/sms-inbound.module';
import { SmsOutboundModule } from './sms-outbound/sms-outbound.module';
import { SmsStatusModule } from './sms-status/sms-status.module';
import { TwilioClientModule } from './twilio-client/twilio-client.module';
import { systemClock, type Clock } from './voice-clock';
import { VoiceOffController } from './voice-off.controller';
import { VoiceSharedModule } from './voice-shared.module';

@Module({})
export class ChannelVoiceAppModule {}

/** The service with its clock as a parameter: tests call on a chosen day (a holiday, after hours). */
export function createChannelVoiceService(options: { clock?: Clock } = {}): ServiceDefinition<ChannelVoiceConfig> {
  return { ...channelVoiceService, module: (config, logger) => moduleOf(config, logger, options.clock ?? systemClock) };
}

/** Phone and SMS on Twilio: SMS in and out with delivery status; calls through IVR, queues and voicemail to contacts. */
export const channelVoiceService: ServiceDefinition<ChannelVoiceConfig> = {
  name: 'channel-voice',
  configSchema: channelVoiceConfigSchema,
  module: (config: ChannelVoiceConfig, logger: Logger): DynamicModule => moduleOf(config, logger, systemClock),
};

function moduleOf(config: ChannelVoiceConfig, logger: Logger, clock: Clock): DynamicModule {
  const platform = PlatformModule.forRoot({ service: 'channel-voice', config, logger });
  const always = [platform, CustomerErasureModule];
  const account = twilioAccountOf(config);
  if (!account) {
    logger.warn(
      'Phone and SMS channel off: no Twilio account configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL)',
    );
    return { module: ChannelVoiceAppModule, imports: always, controllers: [VoiceOffController] };
  }
  return {
    module: ChannelVoiceAppModule,
    imports: [
      ...always,
      VoiceSharedModule.forRoot(account, clock),
      SmsInboundModule,
      SmsOutboundModule,
      SmsStatusModule,
      IvrModule,
      CallQueuesModule,
      CallOffersModule,
      CallRecordsModule,
      AgentPresenceModule,
      NumbersModule,
      TwilioClientModule,
    ],
  };
}
