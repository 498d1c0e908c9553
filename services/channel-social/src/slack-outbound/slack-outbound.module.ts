import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import { ConsumerHost, LOGGER, METRICS, MONGO } from '@threadline/service-runtime';
import type { SlackSettings } from '../config';
import { OutboundSender } from '../outbound/outbound-sender';
import { SendClaimsRepository } from '../outbound/send-claims.repository';
import { SLACK_SETTINGS } from '../slack-workspaces/slack.tokens';
import { TeamDirectory } from '../slack-workspaces/team-directory';
import { SocialMetrics } from '../social-metrics';
import { SlackAdapter } from './slack-adapter';
import { isPermanentSlackError } from './slack-errors';
import { SlackPoster, type OutgoingSlackMessage } from './slack-poster';

const SLACK_BREAKER = Symbol('SLACK_BREAKER');
const SLACK_OUTBOUND = Symbol('SLACK_OUTBOUND');

/** Agents' replies on the slack channel are posted with chat.postMessage, in their own consumer group. */
@Module({
  providers: [
    {
      provide: SLACK_BREAKER,
      inject: [SLACK_SETTINGS, METRICS],
      useFactory: (settings: SlackSettings, metrics: PlatformMetrics) =>
        new ProviderBreaker({
          provider: 'slack:web-api',
          timeoutMs: settings.timeoutMs,
          volumeThreshold: 5,
          isPermanent: isPermanentSlackError,
          metrics,
        }),
    },
    {
      provide: SLACK_OUTBOUND,
      inject: [SLACK_SETTINGS, TeamDirectory, MONGO, SLACK_BREAKER, EventPublisher, SocialMetrics, LOGGER],
      useFactory: (
        settings: SlackSettings,
        teams: TeamDirectory,
        connection: Connection,
        breaker: ProviderBreaker,
        publisher: EventPublisher,
        metrics: SocialMetrics,
        logger: Logger,
      ) =>
        new OutboundSender(
          new SlackAdapter(teams, new SlackPoster({ apiBaseUrl: settings.apiBaseUrl, timeoutMs: settings.timeoutMs + 1000 })),
          {
            claims: new SendClaimsRepository(connection, 'slack'),
            breaker,
            publisher,
            metrics,
            logger,
            attempts: settings.attempts,
            retryDelayMs: settings.retryDelayMs,
            linkProviderIds: false,
          },
        ),
    },
  ],
})
export class SlackOutboundModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    @Inject(SLACK_OUTBOUND) private readonly outbound: OutboundSender<OutgoingSlackMessage>,
    @Inject(SLACK_BREAKER) private readonly breaker: ProviderBreaker,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
  ) {}

  onModuleInit(): void {
    this.consumers.addOutbound(this.settings.consumerGroup, 'slack', (event) => this.outbound.execute(event));
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}
