import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import { CONFIG, ConsumerHost, LOGGER, METRICS } from '@threadline/service-runtime';
import type { ChannelVoiceConfig, TwilioAccount } from '../config';
import { TWILIO_ACCOUNT } from '../twilio/twilio-account.token';
import { NumberDirectory } from '../numbers/number-directory';
import { isPermanentSendError } from '../twilio/twilio-errors';
import { TwilioSmsSender } from '../twilio/twilio-sms-sender';
import { VoiceMetrics } from '../voice-metrics';
import { SendSms } from './send-sms.usecase';
import { SmsSendRepository } from './sms-send.repository';

/** The SMS path into the webhooks of this service (what Twilio calls back with delivery news). */
export const SMS_STATUS_PATH = '/webhooks/twilio/sms-status';

/** Agents' replies on the sms channel go out through Twilio, in their own consumer group. */
@Module({
  providers: [
    {
      provide: ProviderBreaker,
      inject: [CONFIG, METRICS],
      useFactory: (config: ChannelVoiceConfig, metrics: PlatformMetrics) =>
        new ProviderBreaker({
          provider: 'twilio:messages',
          timeoutMs: config.TWILIO_TIMEOUT_MS,
          volumeThreshold: 5,
          isPermanent: isPermanentSendError,
          metrics,
        }),
    },
    {
      provide: SendSms,
      inject: [CONFIG, TWILIO_ACCOUNT, LOGGER, SmsSendRepository, NumberDirectory, ProviderBreaker, EventPublisher, VoiceMetrics],
      useFactory: (
        config: ChannelVoiceConfig,
        account: TwilioAccount,
        logger: Logger,
        sends: SmsSendRepository,
        numbers: NumberDirectory,
        breaker: ProviderBreaker,
        publisher: EventPublisher,
        metrics: VoiceMetrics,
      ) =>
        new SendSms({
          sends,
          numbers,
          breaker,
          publisher,
          metrics,
          logger,
          sender: new TwilioSmsSender({
            accountSid: account.accountSid,
            authToken: account.authToken,
            apiBaseUrl: account.apiBaseUrl,
            timeoutMs: config.TWILIO_TIMEOUT_MS + 1000,
          }),
          statusCallbackUrl: `${account.publicBaseUrl}${SMS_STATUS_PATH}`,
          attempts: config.TWILIO_SEND_ATTEMPTS,
          retryDelayMs: config.TWILIO_RETRY_DELAY_MS,
        }),
    },
  ],
})
export class SmsOutboundModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly sendSms: SendSms,
    private readonly breaker: ProviderBreaker,
    @Inject(CONFIG) private readonly config: ChannelVoiceConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.addOutbound(this.config.VOICE_SMS_CONSUMER_GROUP, 'sms', (event) => this.sendSms.execute(event));
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}
