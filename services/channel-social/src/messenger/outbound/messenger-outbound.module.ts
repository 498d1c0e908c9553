import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import { ConsumerHost, LOGGER, METRICS } from '@threadline/service-runtime';
import type { MessengerSettings } from '../../config';
import { MESSENGER_SENDS, MESSENGER_SETTINGS } from '../pages/messenger.tokens';
import { PageDirectory } from '../pages/page-directory';
import { OutboundSender, type SendClaimsRepository } from '@threadline/outbound';
import { SocialMetrics } from '../../social-metrics';
import { isPermanentGraphError } from './graph-errors';
import { MessengerAdapter } from './messenger-adapter';
import { MessengerSender, type OutgoingMessengerMessage } from './messenger-sender';

const MESSENGER_BREAKER = Symbol('MESSENGER_BREAKER');
const MESSENGER_OUTBOUND = Symbol('MESSENGER_OUTBOUND');

/** Agents' replies on the messenger channel go out through Meta's Send API, in their own consumer group. */
@Module({
  providers: [
    {
      provide: MESSENGER_BREAKER,
      inject: [MESSENGER_SETTINGS, METRICS],
      useFactory: (settings: MessengerSettings, metrics: PlatformMetrics) =>
        new ProviderBreaker({
          provider: 'meta:send-api',
          timeoutMs: settings.timeoutMs,
          volumeThreshold: 5,
          isPermanent: isPermanentGraphError,
          metrics,
        }),
    },
    {
      provide: MESSENGER_OUTBOUND,
      inject: [MESSENGER_SETTINGS, PageDirectory, MESSENGER_SENDS, MESSENGER_BREAKER, EventPublisher, SocialMetrics, LOGGER],
      useFactory: (
        settings: MessengerSettings,
        pages: PageDirectory,
        claims: SendClaimsRepository,
        breaker: ProviderBreaker,
        publisher: EventPublisher,
        metrics: SocialMetrics,
        logger: Logger,
      ) => {
        const sender = new MessengerSender({
          origin: settings.apiBaseUrl,
          graphVersion: settings.graphVersion,
          timeoutMs: settings.timeoutMs + 1000,
        });
        return new OutboundSender(new MessengerAdapter(pages, sender), {
          claims,
          breaker,
          publisher,
          countSent: (outcome) => metrics.sent.inc({ channel: 'messenger', outcome }),
          logger,
          attempts: settings.attempts,
          retryDelayMs: settings.retryDelayMs,
          linkProviderIds: true,
        });
      },
    },
  ],
})
export class MessengerOutboundModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    @Inject(MESSENGER_OUTBOUND) private readonly outbound: OutboundSender<OutgoingMessengerMessage>,
    @Inject(MESSENGER_BREAKER) private readonly breaker: ProviderBreaker,
    @Inject(MESSENGER_SETTINGS) private readonly settings: MessengerSettings,
  ) {}

  onModuleInit(): void {
    this.consumers.addOutbound(this.settings.consumerGroup, 'messenger', (event) => this.outbound.execute(event));
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}
