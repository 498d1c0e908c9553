import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from '@threadline/resilience';
import { LOGGER, MONGO } from '@threadline/service-runtime';
import type { SlackSettings } from '../../config';
import { SendClaimsRepository } from '@threadline/outbound';
import { SlackPoster } from '../outbound/slack-poster';
import { SLACK_BREAKER, SLACK_SETTINGS } from '../workspaces/slack.tokens';
import { TeamDirectory } from '../workspaces/team-directory';
import { SocialMetrics } from '../../social-metrics';
import { PostSlackNotification } from './post-slack-notification.usecase';
import { SlackNoticesController } from './slack-notices.controller';

/** Posting notifications into Slack channels: the use case (shared with the ticket notifier) and its internal route. */
@Module({
  controllers: [SlackNoticesController],
  providers: [
    {
      provide: PostSlackNotification,
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
        new PostSlackNotification({
          teams,
          poster,
          breaker,
          claims: new SendClaimsRepository(connection, 'slack_notifications'),
          metrics,
          logger,
          attempts: slack.attempts,
          retryDelayMs: slack.retryDelayMs,
        }),
    },
  ],
  exports: [PostSlackNotification],
})
export class SlackNoticesModule {}
