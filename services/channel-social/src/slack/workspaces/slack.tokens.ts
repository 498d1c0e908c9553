/** Injection tokens of the Slack channel (its repositories share classes with Messenger's). */
export const SLACK_SETTINGS = Symbol('SLACK_SETTINGS');
export const SLACK_SEEN_EVENTS = Symbol('SLACK_SEEN_EVENTS');
/** The one ProviderBreaker in front of Slack's Web API. */
export const SLACK_BREAKER = Symbol('SLACK_BREAKER');
/** SealedConnectionRepository over slack_teams (the teams admins connected). */
export const SLACK_STORED_TEAMS = Symbol('SLACK_STORED_TEAMS');
/** ManageConnections of the teams, behind the admin API. */
export const MANAGE_TEAMS = Symbol('MANAGE_TEAMS');
