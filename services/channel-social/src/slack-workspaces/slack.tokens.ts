/** Injection tokens of the Slack channel (its repositories share classes with Messenger's). */
export const SLACK_SETTINGS = Symbol('SLACK_SETTINGS');
export const SLACK_SEEN_EVENTS = Symbol('SLACK_SEEN_EVENTS');
/** The one ProviderBreaker in front of Slack's Web API. */
export const SLACK_BREAKER = Symbol('SLACK_BREAKER');
