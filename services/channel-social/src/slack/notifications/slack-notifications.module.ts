import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import { ConsumerHost, MONGO } from '@threadline/service-runtime';
import type { SlackNotificationSettings } from './notification-rules';
import { PostSlackNotification } from './post-slack-notification.usecase';
import { SlackNoticesModule } from './slack-notices.module';
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
      imports: [SlackNoticesModule],
      providers: [
        { provide: NOTIFICATION_SETTINGS, useValue: settings },
        {
          provide: TicketNotifier,
          inject: [PostSlackNotification, MONGO],
          useFactory: (post: PostSlackNotification, connection: Connection) =>
            new TicketNotifier({
              rules: settings.rules,
              ticketBaseUrl: settings.ticketBaseUrl,
              post,
              subjects: new TicketSubjectsRepository(connection),
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
