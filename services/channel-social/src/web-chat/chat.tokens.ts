export const CHAT_SETTINGS = Symbol('CHAT_SETTINGS');
/** The tickets service's internal API (the visitors' notice and the chat's survey), or null without TICKETS_URL. */
export const TICKETS_CLIENT = Symbol('TICKETS_CLIENT');
