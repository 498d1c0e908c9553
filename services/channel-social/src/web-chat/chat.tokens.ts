export const CHAT_SETTINGS = Symbol('CHAT_SETTINGS');
