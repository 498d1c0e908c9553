import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@threadline/service-runtime';
import type { MessengerSettings } from '../config';
import { connectionProviders } from '../connections/connection-providers';
import { MESSENGER_SENDS, MESSENGER_SETTINGS, MESSENGER_STORED_PAGES } from './pages/messenger.tokens';
import { PAGE_KIND, PageDirectory } from './pages/page-directory';
import { SendClaimsRepository } from '@threadline/outbound';

/**
 * What the Messenger contexts share: our Pages (configured and stored), the
 * customers' last-message times (written by the webhook, read by the sender
 * for the 24-hour window) and the send records (written by the sender, read
 * by delivery receipts).
 */
@Global()
@Module({})
export class MessengerSharedModule {
  static forRoot(settings: MessengerSettings): DynamicModule {
    const providers = [
      { provide: MESSENGER_SETTINGS, useValue: settings },
      ...connectionProviders({
        kind: PAGE_KIND,
        storedToken: MESSENGER_STORED_PAGES,
        directory: PageDirectory,
        configured: settings.pages,
        cacheMs: settings.cacheMs,
      }),
      { provide: MESSENGER_SENDS, inject: [MONGO], useFactory: (c: Connection) => new SendClaimsRepository(c, 'messenger') },
    ];
    return { module: MessengerSharedModule, providers, exports: providers.map((p) => p.provide) };
  }
}
