import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from '@threadline/resilience';
import { ConsumerHost, LOGGER, MONGO } from '@threadline/service-runtime';
import type { SlackSettings } from '../../config';
import { OutboundSender, SendClaimsRepository } from '@threadline/outbound';
import { SLACK_BREAKER, SLACK_SETTINGS } from '../workspaces/slack.tokens';
import { TeamDirectory } from '../workspaces/team-directory';
import { SocialMetrics } from '../../social-metrics';
import { SlackAdapter } from './slack-adapter';
import { SlackPoster, type OutgoingSlackMessage } from './slack-poster';

const SLACK_OUTBOUND = Symbol('SLACK_OUTBOUND');

/** Agents' replies on the slack channel are posted with chat.postMessage, in their own consumer group. */
@Module({
  providers: [
    {
      provide: SLACK_OUTBOUND,
      inject: [SLACK_SETTINGS, TeamDirectory, SlackPoster, MONGO, SLACK_BREAKER, EventPublisher, SocialMetrics, LOGGER],
      useFactory: (
        settings: SlackSettings,
        teams: TeamDirectory,
        poster: SlackPoster,
        connection: Connection,
        breaker: ProviderBreaker,
        publisher: EventPublisher,
        metrics: SocialMetrics,
        logger: Logger,
      ) =>
        new OutboundSender(new SlackAdapter(teams, poster), {
          claims: new SendClaimsRepository(connection, 'slack'),
          breaker,
          publisher,
          countSent: (outcome) => metrics.sent.inc({ channel: 'slack', outcome }),
          logger,
          attempts: settings.attempts,
          retryDelayMs: settings.retryDelayMs,
          linkProviderIds: false,
        }),
    },
  ],
})
export class SlackOutboundModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    @Inject(SLACK_OUTBOUND) private readonly outbound: OutboundSender<OutgoingSlackMessage>,
    @Inject(SLACK_SETTINGS) private readonly settings: SlackSettings,
  ) {}

  onModuleInit(): void {
    this.consumers.addOutbound(this.settings.consumerGroup, 'slack', (event) => this.outbound.execute(event));
  }
}
