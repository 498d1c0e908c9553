import { Module } from '@nestjs/common';
import { messengerPageBody, messengerPageChangeBody } from '@threadline/contracts';
import type { MessengerPage } from '../config';
import { connectionsController } from '../connections/connections.controller';
import { ManageConnections } from '../connections/manage-connections.usecase';
import type { SealedConnectionRepository } from '../connections/sealed-connection.repository';
import { MANAGE_PAGES, MESSENGER_STORED_PAGES } from './messenger.tokens';
import { PAGE_KIND, PageDirectory } from './page-directory';

/**
 * The admin API over the workspace's Pages (internal/v1/workspaces/:id/messenger/pages);
 * the directory the webhook and the sender read is shared (MessengerSharedModule).
 */
@Module({
  controllers: [
    connectionsController<MessengerPage>({
      path: 'messenger/pages',
      manage: MANAGE_PAGES,
      body: messengerPageBody,
      change: messengerPageChangeBody,
    }),
  ],
  providers: [
    {
      provide: MANAGE_PAGES,
      inject: [MESSENGER_STORED_PAGES, PageDirectory],
      useFactory: (stored: SealedConnectionRepository<MessengerPage>, pages: PageDirectory) =>
        new ManageConnections(PAGE_KIND, { thing: 'Facebook Page', code: 'PAGE', setting: 'MESSENGER_PAGES' }, stored, pages),
    },
  ],
})
export class MessengerPagesModule {}
