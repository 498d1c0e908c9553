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
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { ConsumerHost, LOGGER, MONGO } from '@threadline/service-runtime';
import type { ChatSettings } from '../config';
import { SocialMetrics } from '../social-metrics';
import { ChatConversations } from './chat-conversations';
import { ChatReplies } from './chat-replies';
import { ChatSocketGateway } from './chat-socket-gateway';
import { ChatStoreRepository } from './chat-store.repository';
import { ChatWidgetController } from './chat-widget.controller';
import { CHAT_SETTINGS } from './chat.tokens';
import { LiveSockets } from './live-sockets';

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
        {
          provide: ChatConversations,
          inject: [ChatStoreRepository, EventPublisher, SocialMetrics, LOGGER],
          useFactory: (store: ChatStoreRepository, publisher: EventPublisher, metrics: SocialMetrics, logger: Logger) =>
            new ChatConversations(settings, store, publisher, metrics, logger),
        },
        {
          provide: ChatReplies,
          inject: [ChatStoreRepository, LiveSockets, EventPublisher, SocialMetrics, LOGGER],
          useFactory: (store: ChatStoreRepository, live: LiveSockets, p: EventPublisher, m: SocialMetrics, l: Logger) =>
            new ChatReplies(settings.workspaces, store, live, p, m, l),
        },
        {
          provide: ChatSocketGateway,
          inject: [ChatConversations, LiveSockets, LOGGER],
          useFactory: (c: ChatConversations, live: LiveSockets, logger: Logger) => new ChatSocketGateway(c, live, logger),
        },
      ],
    };
  }

  constructor(
    @Inject(CHAT_SETTINGS) private readonly settings: ChatSettings,
    private readonly consumers: ConsumerHost,
    private readonly replies: ChatReplies,
    private readonly gateway: ChatSocketGateway,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    // Once per reply, on whichever instance: the transcript and "sent".
    this.consumers.add({
      groupId: this.settings.consumerGroup,
      topics: [TOPICS.outboundRequested.name],
      handler: async (event) => (isChatOutbound(event) ? this.replies.record(event) : 'ignored'),
    });
    // Every instance sees every reply and pushes it to the sockets it holds; only replies from now on (older ones are in the history).
    this.consumers.add({
      groupId: `${this.settings.liveGroupPrefix}.${randomUUID()}`,
      topics: [TOPICS.outboundRequested.name],
      fromBeginning: false,
      handler: async (event) => (isChatOutbound(event) ? this.replies.push(event) : 'ignored'),
    });
  }

  onApplicationBootstrap(): void {
    this.gateway.attach(this.adapterHost.httpAdapter.getHttpServer() as Server);
  }

  beforeApplicationShutdown(): void {
    this.gateway.close();
  }
}
