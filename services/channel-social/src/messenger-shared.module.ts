import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@threadline/service-runtime';
import type { MessengerSettings } from './config';
import { MessengerConversationRepository } from './messenger-inbound/messenger-conversation.repository';
import { MESSENGER_SENDS, MESSENGER_SETTINGS } from './messenger-pages/messenger.tokens';
import { PageDirectory } from './messenger-pages/page-directory';
import { SendClaimsRepository } from './outbound/send-claims.repository';

/**
 * What the Messenger contexts share: our Pages, the customers' last-message
 * times (written by the webhook, read by the sender for the 24-hour window)
 * and the send records (written by the sender, read by delivery receipts).
 */
@Global()
@Module({})
export class MessengerSharedModule {
  static forRoot(settings: MessengerSettings): DynamicModule {
    const providers = [
      { provide: MESSENGER_SETTINGS, useValue: settings },
      { provide: PageDirectory, useValue: new PageDirectory(settings.pages) },
      {
        provide: MessengerConversationRepository,
        inject: [MONGO],
        useFactory: (c: Connection) => new MessengerConversationRepository(c),
      },
      { provide: MESSENGER_SENDS, inject: [MONGO], useFactory: (c: Connection) => new SendClaimsRepository(c, 'messenger') },
    ];
    return { module: MessengerSharedModule, providers, exports: providers.map((p) => p.provide) };
  }
}
