import { messengerPageBody, messengerPageChangeBody } from '@threadline/contracts';
import type { MessengerPage } from '../../config';
import { ConnectionsApiModule } from '../../connections/connections-api.module';
import { MANAGE_PAGES, MESSENGER_STORED_PAGES } from './messenger.tokens';
import { PAGE_KIND, PageDirectory } from './page-directory';

/**
 * The admin API over the workspace's Pages (internal/v1/workspaces/:id/messenger/pages);
 * the directory the webhook and the sender read is shared (MessengerSharedModule).
 */
export const MessengerPagesModule = ConnectionsApiModule.for<MessengerPage>({
  path: 'messenger/pages',
  manage: MANAGE_PAGES,
  body: messengerPageBody,
  change: messengerPageChangeBody,
  kind: PAGE_KIND,
  names: { thing: 'Facebook Page', code: 'PAGE', setting: 'MESSENGER_PAGES' },
  stored: MESSENGER_STORED_PAGES,
  directory: PageDirectory,
});
