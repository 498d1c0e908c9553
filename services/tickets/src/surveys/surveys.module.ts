import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { AuditLog } from '@threadline/persistence';
import { CONFIG, ConsumerHost, MONGO } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { CustomerRepository } from '../customers/customer.repository';
import { TicketRepository } from '../tickets/ticket.repository';
import { AnswerSurvey } from './answer-survey.usecase';
import { ChatSurveyController } from './chat-survey.controller';
import { ChatSurveys } from './chat-surveys.usecase';
import { SendSurvey } from './send-survey.usecase';
import { SurveyMessages } from './survey-messages';
import { ChatNoticeController } from './chat-notice.controller';
import { SurveyLinkToken } from './survey-link-token';
import { SurveyPageController } from './survey-page.controller';
import { SurveyReplies } from './survey-replies';
import { SurveySettingsController } from './survey-settings.controller';
import { SurveySettingsRepository } from './survey-settings.repository';
import { SurveyRepository } from './survey.repository';

const DAY_MS = 86_400_000;

/**
 * Satisfaction surveys: sent when a ticket is closed (its own consumer group
 * on ticket.events.v1, so the partition that owns a ticket writes its
 * survey), answered on the page behind the e-mail's link or by an SMS or
 * Messenger reply (taken out of the intake by `SurveyReplies`); a web chat's
 * on the widget's end screen (`ChatSurveys`, through channel-social).
 */
@Module({
  controllers: [SurveySettingsController, SurveyPageController, ChatNoticeController, ChatSurveyController],
  providers: [
    { provide: SurveyRepository, inject: [MONGO], useFactory: (c: Connection) => new SurveyRepository(c) },
    { provide: SurveySettingsRepository, inject: [MONGO], useFactory: (c: Connection) => new SurveySettingsRepository(c) },
    {
      provide: SurveyLinkToken,
      inject: [CONFIG],
      useFactory: (config: TicketsConfig) => new SurveyLinkToken(config.SERVICE_TOKEN_SECRET),
    },
    {
      provide: AnswerSurvey,
      inject: [SurveyRepository, EventPublisher, AuditLog],
      useFactory: (surveys: SurveyRepository, publisher: EventPublisher, audit: AuditLog) =>
        new AnswerSurvey({ surveys, publisher, audit }),
    },
    {
      provide: SurveyReplies,
      inject: [SurveyRepository, AnswerSurvey],
      useFactory: (surveys: SurveyRepository, answer: AnswerSurvey) => new SurveyReplies(surveys, answer),
    },
    {
      provide: SurveyMessages,
      inject: [SurveyRepository, TicketRepository, CustomerRepository, EventPublisher, SurveyLinkToken, CONFIG],
      useFactory: (
        surveys: SurveyRepository,
        tickets: TicketRepository,
        customers: CustomerRepository,
        publisher: EventPublisher,
        links: SurveyLinkToken,
        config: TicketsConfig,
      ) =>
        new SurveyMessages({
          surveys,
          tickets,
          customers,
          publisher,
          links,
          policy: {
            pageBaseUrl: config.TICKETS_SURVEY_PAGE_URL,
            replyWindowMs: config.TICKETS_SURVEY_REPLY_DAYS * DAY_MS,
            defaultLanguage: config.TICKETS_DEFAULT_LANGUAGE,
          },
        }),
    },
    {
      provide: ChatSurveys,
      inject: [
        SurveyRepository,
        SurveySettingsRepository,
        TicketRepository,
        EventPublisher,
        AnswerSurvey,
        SurveyMessages,
        CONFIG,
      ],
      useFactory: (
        surveys: SurveyRepository,
        settings: SurveySettingsRepository,
        tickets: TicketRepository,
        publisher: EventPublisher,
        answer: AnswerSurvey,
        messages: SurveyMessages,
        config: TicketsConfig,
      ) =>
        new ChatSurveys({
          surveys,
          settings,
          tickets,
          publisher,
          answer,
          messages,
          defaultLanguage: config.TICKETS_DEFAULT_LANGUAGE,
        }),
    },
    {
      provide: SendSurvey,
      inject: [SurveyRepository, SurveySettingsRepository, ChatSurveys, SurveyMessages, TicketRepository, CONFIG],
      useFactory: (
        surveys: SurveyRepository,
        settings: SurveySettingsRepository,
        chat: ChatSurveys,
        messages: SurveyMessages,
        tickets: TicketRepository,
        config: TicketsConfig,
      ) => new SendSurvey({ surveys, settings, chat, messages, tickets, defaultLanguage: config.TICKETS_DEFAULT_LANGUAGE }),
    },
  ],
  exports: [SurveyReplies, SurveyRepository],
})
export class SurveysModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly sendSurvey: SendSurvey,
    @Inject(CONFIG) private readonly config: TicketsConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      // Beside the intake's group, as the SLA status's is: one prefix names all of the service's groups.
      groupId: `${this.config.TICKETS_CONSUMER_GROUP}.surveys`,
      topics: [TOPICS.ticketEvents.name],
      // Tickets closed before surveys existed (or before this group's first start) are not surveyed after the fact.
      fromBeginning: false,
      // Closings only: the topic's other events (several per contact) are passed over unread.
      types: ['ticket.updated.v1'],
      handler: (event) => this.sendSurvey.handle(event),
    });
  }
}
