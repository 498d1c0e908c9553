import { Module } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { LOGGER } from '@threadline/service-runtime';
import { MESSENGER_SENDS } from '../pages/messenger.tokens';
import { PageDirectory } from '../pages/page-directory';
import type { SendClaimsRepository } from '@threadline/outbound';
import { SocialMetrics } from '../../social-metrics';
import { MessengerWebhookController } from './messenger-webhook.controller';
import { ReceiveMessengerWebhook } from './receive-messenger-webhook.usecase';

/** Customers' Messenger messages to our Pages become contacts; receipts of ours become delivery news. */
@Module({
  controllers: [MessengerWebhookController],
  providers: [
    {
      provide: ReceiveMessengerWebhook,
      inject: [PageDirectory, EventPublisher, MESSENGER_SENDS, SocialMetrics, LOGGER],
      useFactory: (
        pages: PageDirectory,
        publisher: EventPublisher,
        sends: SendClaimsRepository,
        metrics: SocialMetrics,
        logger: Logger,
      ) => new ReceiveMessengerWebhook({ pages, publisher, sends, metrics, logger }),
    },
  ],
})
export class MessengerInboundModule {}
