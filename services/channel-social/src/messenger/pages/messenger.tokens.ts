/** Injection tokens of the Messenger channel (its repositories share classes with Slack's, so classes cannot be the tokens). */
export const MESSENGER_SETTINGS = Symbol('MESSENGER_SETTINGS');
/** SendClaimsRepository over messenger_sends / messenger_provider_ids. */
export const MESSENGER_SENDS = Symbol('MESSENGER_SENDS');
/** SealedConnectionRepository over messenger_pages (the Pages admins connected). */
export const MESSENGER_STORED_PAGES = Symbol('MESSENGER_STORED_PAGES');
/** ManageConnections of the Pages, behind the admin API. */
export const MANAGE_PAGES = Symbol('MANAGE_PAGES');
