import type { MessengerPage } from '../../config';
import { ConnectionDirectory, type StoredConnectionSource } from '../../connections/connection-directory';
import type { ConnectionKind } from '../../connections/sealed-connection.repository';

/** Pages admins connect are kept in messenger_pages, the token and the app secret sealed. */
export const PAGE_KIND: ConnectionKind<MessengerPage> = {
  modelName: 'MessengerPage',
  collection: 'messenger_pages',
  idField: 'pageId',
  secretFields: ['pageAccessToken', 'appSecret'],
  fields: {
    pageAccessToken: { type: String, required: true },
    appSecret: { type: String, required: true },
  },
};

/** Our Facebook Pages and the workspace each belongs to: MESSENGER_PAGES plus those admins connected. */
export class PageDirectory extends ConnectionDirectory<MessengerPage> {
  constructor(
    configured: readonly MessengerPage[],
    stored: StoredConnectionSource<MessengerPage> | null = null,
    ttlMs?: number,
    now?: () => number,
  ) {
    super(configured, (page) => page.pageId, stored, ttlMs, now);
  }
}
