import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { LOGGER, MONGO } from '@threadline/service-runtime';
import { SeenEventsRepository } from '../inbound/seen-events.repository';
import { MESSENGER_SEEN_MIDS, MESSENGER_SENDS } from '../messenger-pages/messenger.tokens';
import { PageDirectory } from '../messenger-pages/page-directory';
import type { SendClaimsRepository } from '../outbound/send-claims.repository';
import { SocialMetrics } from '../social-metrics';
import { MessengerConversationRepository } from './messenger-conversation.repository';
import { MessengerWebhookController } from './messenger-webhook.controller';
import { ReceiveMessengerWebhook } from './receive-messenger-webhook.usecase';

/** Customers' Messenger messages to our Pages become contacts; receipts of ours become delivery news. */
@Module({
  controllers: [MessengerWebhookController],
  providers: [
    {
      provide: MESSENGER_SEEN_MIDS,
      inject: [MONGO],
      useFactory: (c: Connection) => new SeenEventsRepository(c, 'messenger_seen_mids'),
    },
    {
      provide: ReceiveMessengerWebhook,
      inject: [
        PageDirectory,
        EventPublisher,
        MESSENGER_SEEN_MIDS,
        MessengerConversationRepository,
        MESSENGER_SENDS,
        SocialMetrics,
        LOGGER,
      ],
      useFactory: (
        pages: PageDirectory,
        publisher: EventPublisher,
        seenMids: SeenEventsRepository,
        conversations: MessengerConversationRepository,
        sends: SendClaimsRepository,
        metrics: SocialMetrics,
        logger: Logger,
      ) => new ReceiveMessengerWebhook({ pages, publisher, seenMids, conversations, sends, metrics, logger }),
    },
  ],
})
export class MessengerInboundModule {}
