import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from '@threadline/resilience';
import { ConsumerHost, LOGGER, MONGO } from '@threadline/service-runtime';
import type { SlackSettings } from '../config';
import { SendClaimsRepository } from '../outbound/send-claims.repository';
import { SlackPoster } from '../slack-outbound/slack-poster';
import { SLACK_BREAKER, SLACK_SETTINGS } from '../slack-workspaces/slack.tokens';
import { TeamDirectory } from '../slack-workspaces/team-directory';
import { SocialMetrics } from '../social-metrics';
import type { SlackNotificationSettings } from './notification-rules';
import { TicketNotifier } from './ticket-notifier';
import { TicketSubjectsRepository } from './ticket-subjects.repository';

const NOTIFICATION_SETTINGS = Symbol('SLACK_NOTIFICATION_SETTINGS');

/** ticket.* events → posts into department channels, in their own consumer group, with the Slack teams' bots. */
@Module({})
export class SlackNotificationsModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly notifier: TicketNotifier,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: SlackNotificationSettings,
  ) {}

  static forRoot(settings: SlackNotificationSettings): DynamicModule {
    return {
      module: SlackNotificationsModule,
      providers: [
        { provide: NOTIFICATION_SETTINGS, useValue: settings },
        {
          provide: TicketNotifier,
          inject: [SLACK_SETTINGS, TeamDirectory, SlackPoster, SLACK_BREAKER, MONGO, SocialMetrics, LOGGER],
          useFactory: (
            slack: SlackSettings,
            teams: TeamDirectory,
            poster: SlackPoster,
            breaker: ProviderBreaker,
            connection: Connection,
            metrics: SocialMetrics,
            logger: Logger,
          ) =>
            new TicketNotifier({
              rules: settings.rules,
              ticketBaseUrl: settings.ticketBaseUrl,
              teams,
              poster,
              breaker,
              claims: new SendClaimsRepository(connection, 'slack_notifications'),
              subjects: new TicketSubjectsRepository(connection),
              metrics,
              logger,
              attempts: slack.attempts,
              retryDelayMs: slack.retryDelayMs,
            }),
        },
      ],
    };
  }

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.settings.consumerGroup,
      topics: [TOPICS.ticketEvents.name],
      // A new group starts at the end: switching notifications on must not post the history into the channels.
      fromBeginning: false,
      handler: (event) => this.notifier.handle(event),
    });
  }
}
