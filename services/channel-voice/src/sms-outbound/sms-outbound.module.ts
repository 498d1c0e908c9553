import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import { CONFIG, ConsumerHost, LOGGER, METRICS } from '@threadline/service-runtime';
import type { ChannelVoiceConfig, TwilioAccount } from '../config';
import { TWILIO_ACCOUNT } from '../twilio/twilio-account.token';
import { OutboundSender, SendClaimsRepository } from '@threadline/outbound';
import { NumberDirectory } from '../numbers/number-directory';
import type { OutgoingSms } from '../twilio/sms-sender';
import { isPermanentSendError } from '../twilio/twilio-errors';
import { TwilioSmsSender } from '../twilio/twilio-sms-sender';
import { VoiceMetrics } from '../voice-metrics';
import { SmsAdapter } from './sms-adapter';

const SMS_OUTBOUND = Symbol('SMS_OUTBOUND');

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
      provide: SMS_OUTBOUND,
      inject: [
        CONFIG,
        TWILIO_ACCOUNT,
        LOGGER,
        SendClaimsRepository,
        NumberDirectory,
        ProviderBreaker,
        EventPublisher,
        VoiceMetrics,
      ],
      useFactory: (
        config: ChannelVoiceConfig,
        account: TwilioAccount,
        logger: Logger,
        claims: SendClaimsRepository,
        numbers: NumberDirectory,
        breaker: ProviderBreaker,
        publisher: EventPublisher,
        metrics: VoiceMetrics,
      ) => {
        const sender = new TwilioSmsSender({
          accountSid: account.accountSid,
          authToken: account.authToken,
          apiBaseUrl: account.apiBaseUrl,
          timeoutMs: config.TWILIO_TIMEOUT_MS + 1000,
        });
        return new OutboundSender(new SmsAdapter(numbers, sender, `${account.publicBaseUrl}${SMS_STATUS_PATH}`), {
          claims,
          breaker,
          publisher,
          countSent: (outcome) => metrics.smsSent.inc({ outcome }),
          logger,
          attempts: config.TWILIO_SEND_ATTEMPTS,
          retryDelayMs: config.TWILIO_RETRY_DELAY_MS,
          // The sid first: Twilio's first status callback may arrive before "sent" is published.
          linkProviderIds: true,
        });
      },
    },
  ],
})
export class SmsOutboundModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    @Inject(SMS_OUTBOUND) private readonly outbound: OutboundSender<OutgoingSms>,
    private readonly breaker: ProviderBreaker,
    @Inject(CONFIG) private readonly config: ChannelVoiceConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.addOutbound(this.config.VOICE_SMS_CONSUMER_GROUP, 'sms', (event) => this.outbound.execute(event));
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}
