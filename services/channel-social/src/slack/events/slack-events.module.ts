import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { LOGGER, MONGO } from '@threadline/service-runtime';
import { SeenEventsRepository } from '../../inbound/seen-events.repository';
import { SLACK_SEEN_EVENTS } from '../workspaces/slack.tokens';
import { TeamDirectory } from '../workspaces/team-directory';
import { SocialMetrics } from '../../social-metrics';
import { ReceiveSlackEvent } from './receive-slack-event.usecase';
import { SlackEventsController } from './slack-events.controller';

/** Messages in the teams' support channels become contacts, each Slack thread one ticket. */
@Module({
  controllers: [SlackEventsController],
  providers: [
    {
      provide: SLACK_SEEN_EVENTS,
      inject: [MONGO],
      useFactory: (c: Connection) => new SeenEventsRepository(c, 'slack_seen_events'),
    },
    {
      provide: ReceiveSlackEvent,
      inject: [TeamDirectory, EventPublisher, SLACK_SEEN_EVENTS, SocialMetrics, LOGGER],
      useFactory: (
        teams: TeamDirectory,
        publisher: EventPublisher,
        seen: SeenEventsRepository,
        metrics: SocialMetrics,
        logger: Logger,
      ) => new ReceiveSlackEvent(teams, publisher, seen, metrics, logger),
    },
  ],
})
export class SlackEventsModule {}
