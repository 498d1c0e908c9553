import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Connection } from 'mongoose';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { EventPublisher, type HandlerOutcome } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { ConsumerHost, InternalApiClient, LOGGER, MONGO, ServiceTokenMinter } from '@threadline/service-runtime';
import type { ChatSettings } from '../config';
import { SocialMetrics } from '../social-metrics';
import { ChatConversations } from './chat-conversations';
import { ChatNotices } from './chat-notices';
import { ChatPresence } from './chat-presence';
import { ChatReplies } from './chat-replies';
import { ChatSignals, isChatSignal } from './chat-signals';
import { ChatSocketGateway } from './chat-socket-gateway';
import { ChatStoreRepository } from './chat-store.repository';
import { ChatWidgetController } from './chat-widget.controller';
import { CHAT_SETTINGS, TICKETS_CLIENT } from './chat.tokens';
import { LiveSockets } from './live-sockets';
import { VisitorSurveys } from './visitor-surveys';

type Outbound = TypedEnvelope<'outbound.requested.v1'>;
const isChatOutbound = (event: TypedEnvelope): event is Outbound =>
  event.type === 'outbound.requested.v1' && (event as Outbound).payload.channel === 'chat';

/** The web chat: widget, visitors' socket, their messages as contacts, agents' replies pushed live. */
@Module({})
export class WebChatModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  static forRoot(settings: ChatSettings): DynamicModule {
    return {
      module: WebChatModule,
      controllers: [ChatWidgetController],
      providers: [
        { provide: CHAT_SETTINGS, useValue: settings },
        LiveSockets,
        { provide: ChatStoreRepository, inject: [MONGO], useFactory: (c: Connection) => new ChatStoreRepository(c) },
        { provide: ChatPresence, inject: [MONGO], useFactory: (c: Connection) => new ChatPresence(c, settings.agentsOnline) },
        {
          provide: TICKETS_CLIENT,
          inject: [ServiceTokenMinter],
          useFactory: (tokens: ServiceTokenMinter) => {
            const { ticketsUrl } = settings.notice;
            return ticketsUrl ? new InternalApiClient({ name: 'tickets', baseUrl: ticketsUrl }, tokens) : null;
          },
        },
        {
          provide: ChatNotices,
          inject: [TICKETS_CLIENT, LOGGER],
          useFactory: (tickets: InternalApiClient | null, l: Logger) => new ChatNotices(tickets, settings.notice.cacheMs, l),
        },
        {
          provide: VisitorSurveys,
          inject: [TICKETS_CLIENT, ChatStoreRepository, LOGGER],
          useFactory: (tickets: InternalApiClient | null, store: ChatStoreRepository, l: Logger) =>
            new VisitorSurveys(tickets, store, l),
        },
        {
          provide: ChatConversations,
          inject: [ChatStoreRepository, ChatPresence, ChatNotices, VisitorSurveys, EventPublisher, SocialMetrics, LOGGER],
          useFactory: (
            store: ChatStoreRepository,
            presence: ChatPresence,
            notices: ChatNotices,
            surveys: VisitorSurveys,
            p: EventPublisher,
            m: SocialMetrics,
            l: Logger,
          ) => new ChatConversations(settings, store, presence, notices, surveys, p, m, l),
        },
        {
          provide: ChatSignals,
          inject: [ChatStoreRepository, ChatPresence, VisitorSurveys, LiveSockets, EventPublisher, LOGGER],
          useFactory: (
            store: ChatStoreRepository,
            presence: ChatPresence,
            surveys: VisitorSurveys,
            live: LiveSockets,
            p: EventPublisher,
            l: Logger,
          ) => new ChatSignals(settings.workspaces, store, presence, surveys, live, p, l),
        },
        {
          provide: ChatReplies,
          inject: [ChatStoreRepository, LiveSockets, EventPublisher, SocialMetrics, LOGGER],
          useFactory: (store: ChatStoreRepository, live: LiveSockets, p: EventPublisher, m: SocialMetrics, l: Logger) =>
            new ChatReplies(settings.workspaces, store, live, p, m, l),
        },
        {
          provide: ChatSocketGateway,
          inject: [ChatConversations, ChatSignals, VisitorSurveys, LiveSockets, SocialMetrics, LOGGER],
          useFactory: (
            c: ChatConversations,
            signals: ChatSignals,
            surveys: VisitorSurveys,
            live: LiveSockets,
            m: SocialMetrics,
            logger: Logger,
          ) =>
            new ChatSocketGateway(c, signals, surveys, live, logger, {
              limits: settings.socketLimits,
              refused: (reason) => m.chatRefused.inc({ reason }),
            }),
        },
      ],
    };
  }

  constructor(
    @Inject(CHAT_SETTINGS) private readonly settings: ChatSettings,
    private readonly consumers: ConsumerHost,
    private readonly replies: ChatReplies,
    private readonly signals: ChatSignals,
    private readonly gateway: ChatSocketGateway,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const topics = [TOPICS.outboundRequested.name, TOPICS.chatSignals.name];
    // Once per event, on whichever instance: replies into the transcript and "sent"; agents' read marks and chat presence into the store.
    this.consumers.add({
      groupId: this.settings.consumerGroup,
      topics,
      handler: async (event) => {
        if (isChatOutbound(event)) return this.replies.record(event);
        return isChatSignal(event) ? this.signals.record(event) : 'ignored';
      },
    });
    // Every instance sees every reply and signal and pushes it to the sockets it holds; only from now on (older replies are in the history).
    this.consumers.add({
      groupId: `${this.settings.liveGroupPrefix}.${randomUUID()}`,
      topics,
      fromBeginning: false,
      handler: async (event) => {
        if (isChatOutbound(event)) return this.replies.push(event);
        return isChatSignal(event) ? this.signals.push(event) : 'ignored';
      },
      // A partition's consecutive events pushed in order, their "delivered" news then in one Kafka send, told in the background
      // (the next events are pushed without waiting for it, and a failed send never pushes a reply again).
      batch: {
        handle: async (events) => {
          const delivered: Outbound[] = [];
          const outcomes = events.map((event): HandlerOutcome => {
            if (!isChatOutbound(event)) return isChatSignal(event) ? this.signals.push(event) : 'ignored';
            if (!this.replies.pushToSockets(event)) return 'ignored';
            delivered.push(event);
            return 'done';
          });
          this.replies.tellDelivered(delivered);
          return outcomes;
        },
      },
    });
  }

  onApplicationBootstrap(): void {
    this.gateway.attach(this.adapterHost.httpAdapter.getHttpServer() as Server);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.gateway.close();
    await this.replies.settle();
  }
}
