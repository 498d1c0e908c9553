import type { z } from 'zod';
import {
  chatPresenceBody,
  chatReadBody,
  customerMergeBody,
  customerProfileBody,
  mailboxBody,
  mailboxChangeBody,
  mergeTicketBody,
  messengerPageBody,
  messengerPageChangeBody,
  replyBody,
  slackTeamBody,
  slackTeamChangeBody,
  takeNextCallerBody,
  ticketListParams,
  ticketTodayParams,
  updateTicketBody,
  voiceNumberBody,
  voiceNumberChangeBody,
  voicePresenceBody,
} from '@threadline/contracts';
import { agentChangeBody, newAgentBody } from '../agents/agents.controller';
import { auditQuery } from '../audit/audit.controller';
import { loginBody, refreshBody } from '../auth/auth.controller';
import { streamQuery } from '../live-updates/live-updates.controller';
import { callNoteBody } from '../tickets/call-notes.controller';
import { noteBody } from '../tickets/tickets.controller';
import { boardStreamQuery } from '../voice/voice-board-stream.controller';

export type Role = 'agent' | 'supervisor' | 'admin';

/** One operation of the agent API, described from the same zod schemas the handlers validate with. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. /api/v1/tickets/:number */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it; absent = no authentication. */
  roles?: Role[];
  /** What the role list does not say (e.g. agents may only take unassigned tickets). */
  policy?: string;
  /** Also opens with `?token=` (a stream token) instead of the Authorization header. */
  streamToken?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Query parameters whose meaning at the gateway differs from the schema's (the gateway resolves them). */
  queryNotes?: Record<string, string>;
  /** Ticket commands: If-Match in, ETag out; Idempotency-Key for safe retries. */
  versioned?: boolean;
  idempotent?: boolean;
  /** The internal service that answers (its refusals pass through; 503 when it cannot be reached). */
  forwardedTo?: string;
  success: { status: number; description: string; contentType?: string };
  /** Refusals of this route beyond the ones every route of its kind has (400 input, 401/403 auth, 404 path, 503 forwarding). */
  errors?: Partial<Record<number, string>>;
}

const everyone: Role[] = ['agent', 'supervisor', 'admin'];
const supervisors: Role[] = ['supervisor', 'admin'];

export const AGENT_API_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/auth/login',
    tag: 'auth',
    summary: 'Log in: access token (short-lived) and refresh token',
    body: loginBody,
    success: { status: 200, description: 'tokens' },
    errors: {
      401: 'wrong workspace, e-mail or password (INVALID_CREDENTIALS)',
      429: 'too many failed logins for the account or the client (TOO_MANY_ATTEMPTS); see Retry-After',
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/refresh',
    tag: 'auth',
    summary: 'Exchange a refresh token (once) for a new pair; reuse ends the login',
    body: refreshBody,
    success: { status: 200, description: 'tokens' },
    errors: { 401: 'unknown or expired (REFRESH_TOKEN_INVALID), already used (REFRESH_TOKEN_REUSED), agent gone (AGENT_GONE)' },
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    tag: 'auth',
    summary: 'End the login a refresh token belongs to',
    body: refreshBody,
    success: { status: 204, description: 'ended' },
  },
  {
    method: 'get',
    path: '/api/v1/me',
    tag: 'auth',
    summary: 'The agent behind the access token',
    roles: everyone,
    errors: { 404: 'the agent no longer exists (AGENT_NOT_FOUND)' },
    success: { status: 200, description: 'agent' },
  },
  {
    method: 'get',
    path: '/api/v1/tickets',
    tag: 'tickets',
    summary:
      'List tickets: filters, text search (diacritics ignored), sort, cursor pages. assignee: me, team, none, anyone or agent ids',
    roles: everyone,
    query: ticketListParams,
    queryNotes: {
      assignee: 'comma-separated: me, team (the agents of my teams), none (unassigned), agent ids; or anyone (no filter)',
    },
    forwardedTo: 'tickets',
    success: { status: 200, description: '{items, nextCursor}' },
    errors: { 400: 'a bad filter, or a cursor this API did not issue (INVALID_CURSOR)' },
  },
  {
    method: 'get',
    path: '/api/v1/tickets/today',
    tag: 'tickets',
    summary: 'What needs my action first: urgent and SLA-threatened, then priority, then age',
    roles: everyone,
    // agentId is the caller; the gateway sets it from the token.
    query: ticketTodayParams.omit({ agentId: true }),
    forwardedTo: 'tickets',
    success: { status: 200, description: '{items}' },
  },
  {
    method: 'get',
    path: '/api/v1/tickets/:number',
    tag: 'tickets',
    summary: 'A ticket with its full timeline, status history and customer',
    roles: everyone,
    versioned: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'ticket' },
  },
  {
    method: 'patch',
    path: '/api/v1/tickets/:number',
    tag: 'tickets',
    summary: 'Change status, priority, queue, assignee, tags or category',
    roles: everyone,
    policy:
      'Agents change status, priority, queue, tags and category, take an unassigned ticket (assigneeId "me") or hand back their own; reassigning someone else\'s ticket needs a supervisor or admin (403 FORBIDDEN). An assignee outside the workspace is refused (400).',
    body: updateTicketBody,
    versioned: true,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the ticket after the change' },
    errors: { 403: 'the role may not make this assignment (FORBIDDEN)' },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/notes',
    tag: 'tickets',
    summary: 'Internal note; @handle mentions (e-mail local part) notify agents',
    roles: everyone,
    body: noteBody,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 201, description: 'the note' },
    errors: {
      409: 'the ticket was merged into another (TICKET_MERGED)',
      422: 'callSid names no call on this ticket (CALL_NOT_ON_TICKET)',
    },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/replies',
    tag: 'tickets',
    summary: 'Reply to the customer, by default on the channel they last used (a call is answered by SMS)',
    roles: everyone,
    body: replyBody,
    versioned: true,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 201, description: '{ticket, message}' },
    errors: { 422: 'the customer has no address on that channel (NO_ADDRESS_FOR_CHANNEL)' },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/merge',
    tag: 'tickets',
    summary: 'Merge this ticket into another (history kept, this one closed with a pointer)',
    roles: supervisors,
    body: mergeTicketBody,
    versioned: true,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the target ticket (its version is the ETag)' },
    errors: { 400: 'invalid input, or a ticket merged into itself (MERGE_INTO_ITSELF)' },
  },
  {
    method: 'get',
    path: '/api/v1/customers/:id',
    tag: 'customers',
    summary: 'Customer profile: identities, tier, notes, merges, all tickets',
    roles: everyone,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'customer' },
  },
  {
    method: 'patch',
    path: '/api/v1/customers/:id',
    tag: 'customers',
    summary: 'Change name, tier or notes',
    roles: everyone,
    body: customerProfileBody,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'customer' },
  },
  {
    method: 'post',
    path: '/api/v1/customers/:id/merge',
    tag: 'customers',
    summary: 'Merge two customer records of one person (the older survives)',
    roles: supervisors,
    body: customerMergeBody,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the surviving customer' },
  },
  {
    method: 'get',
    path: '/api/v1/agents',
    tag: 'agents',
    summary: "The workspace's agents",
    roles: ['admin'],
    success: { status: 200, description: '{items}' },
  },
  {
    method: 'post',
    path: '/api/v1/agents',
    tag: 'agents',
    summary: 'Add an agent',
    roles: ['admin'],
    body: newAgentBody,
    success: { status: 201, description: 'agent' },
    errors: { 409: 'an agent with this e-mail exists (AGENT_EXISTS)' },
  },
  {
    method: 'patch',
    path: '/api/v1/agents/:id',
    tag: 'agents',
    summary: "Change an agent's name, role or teams",
    roles: ['admin'],
    body: agentChangeBody,
    success: { status: 200, description: 'agent' },
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    tag: 'audit',
    summary: 'Audit trail: every agent action, who, what, when, before → after (newest first)',
    roles: ['admin'],
    query: auditQuery,
    forwardedTo: 'tickets',
    success: { status: 200, description: '{items, nextBefore}' },
  },
  {
    method: 'post',
    path: '/api/v1/live/token',
    tag: 'live',
    summary: 'A one-minute token that only opens a live-updates stream (for EventSource)',
    roles: everyone,
    success: { status: 201, description: '{token, expiresIn}' },
  },
  {
    method: 'get',
    path: '/api/v1/live',
    tag: 'live',
    summary:
      "Server-Sent Events: the workspace's ticket events as they happen, and the web chat's `chat.typing.v1` / `chat.read.v1` signals (with the ticket number once known; always on a `?ticket=` stream) (Authorization header, or ?token= from /live/token)",
    roles: everyone,
    streamToken: true,
    query: streamQuery,
    success: { status: 200, description: 'event stream', contentType: 'text/event-stream' },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/typing',
    tag: 'chat',
    summary:
      'The agent is writing on the ticket’s web chat: the visitor’s widget shows it for a few seconds (send every ~2 s while typing)',
    roles: everyone,
    success: { status: 202, description: '{number, typing: true}' },
    errors: { 409: 'the ticket has no web chat (NO_CHAT_SESSION)' },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/read',
    tag: 'chat',
    summary: 'The agent has read the visitor’s chat messages up to `messageId` (default: the latest); the widget marks them read',
    roles: everyone,
    body: chatReadBody,
    success: { status: 202, description: '{number, readUpTo: timeline entry id}' },
    errors: {
      404: 'messageId is not one of the visitor’s chat messages on the ticket (CHAT_MESSAGE_NOT_FOUND)',
      409: 'the ticket has no web chat (NO_CHAT_SESSION)',
    },
  },
  {
    method: 'put',
    path: '/api/v1/chat/presence',
    tag: 'chat',
    summary:
      'Whether the agent answers web chats now; `available` lapses after CHAT_PRESENCE_TTL_SECONDS (90) unless renewed. With nobody available the widget takes messages answered by e-mail',
    roles: everyone,
    body: chatPresenceBody,
    success: { status: 200, description: '{agentId, status, expiresAt}' },
  },
  {
    method: 'get',
    path: '/api/v1/mailboxes',
    tag: 'mailboxes',
    summary: "The workspace's mailboxes (never their passwords)",
    roles: ['admin'],
    success: { status: 200, description: '{items}' },
  },
  {
    method: 'post',
    path: '/api/v1/mailboxes',
    tag: 'mailboxes',
    summary: 'Connect a mailbox: IMAP settings, addresses, the queue each address feeds; synced within seconds, no restart',
    roles: ['admin'],
    body: mailboxBody,
    success: { status: 201, description: 'mailbox' },
  },
  {
    method: 'patch',
    path: '/api/v1/mailboxes/:id',
    tag: 'mailboxes',
    summary: 'Change a mailbox; its sync restarts with the new settings',
    roles: ['admin'],
    body: mailboxChangeBody,
    success: { status: 200, description: 'mailbox' },
  },
  {
    method: 'delete',
    path: '/api/v1/mailboxes/:id',
    tag: 'mailboxes',
    summary: 'Disconnect a mailbox; its sync stops',
    roles: ['admin'],
    success: { status: 204, description: 'removed' },
  },
  {
    method: 'get',
    path: '/api/v1/voice/queues',
    tag: 'voice',
    summary: 'Live call queues: callers waiting and the longest wait per queue, agents available / on a call / away',
    roles: everyone,
    forwardedTo: 'channel-voice',
    success: {
      status: 200,
      description: '{queues: [{queue, waiting, longestWaitSeconds, maxWaitSeconds}], agents: {available, onCall, away}, at}',
    },
  },
  {
    method: 'get',
    path: '/api/v1/voice/queues/live',
    tag: 'voice',
    summary:
      'Server-Sent Events: the call-queue board (`queues` event) whenever it changes (Authorization header, or ?token= from /live/token)',
    roles: everyone,
    streamToken: true,
    query: boardStreamQuery,
    success: { status: 200, description: 'event stream', contentType: 'text/event-stream' },
  },
  {
    method: 'post',
    path: '/api/v1/voice/queues/:queue/next',
    tag: 'voice',
    summary: "Take the longest-waiting caller of a queue: Twilio dials the agent's phone (body or presence) or Twilio Client",
    roles: everyone,
    body: takeNextCallerBody,
    forwardedTo: 'channel-voice',
    success: { status: 200, description: '{call: {callSid, from, queue, waitSeconds, connectTo} | null when nobody waits}' },
    errors: {
      404: 'no such call queue (UNKNOWN_QUEUE)',
      503: 'channel-voice unreachable, or Twilio did not take the transfer (the caller keeps waiting)',
    },
  },
  {
    method: 'post',
    path: '/api/v1/voice/client-token',
    tag: 'voice',
    summary: "A Twilio Client (Voice SDK) access token for the agent's browser: identity = agent id, incoming calls allowed",
    roles: everyone,
    forwardedTo: 'channel-voice',
    success: { status: 200, description: '{token, identity, expiresAt}' },
    errors: { 503: 'no Twilio API key configured (CLIENT_NOT_CONFIGURED), or channel-voice unreachable' },
  },
  {
    method: 'get',
    path: '/api/v1/calls/:callSid',
    tag: 'voice',
    summary: 'Which ticket a call is on (a call reaches its ticket when it ends; after a merge, the surviving ticket)',
    roles: everyone,
    forwardedTo: 'tickets',
    success: { status: 200, description: '{callSid, entryId, ticketNumber}' },
    errors: { 404: 'no ticket has this call, or not yet (CALL_NOT_FOUND)' },
  },
  {
    method: 'post',
    path: '/api/v1/calls/:callSid/notes',
    tag: 'voice',
    summary: "The agent's call note: an internal note on the call's ticket, linked to the call (aboutCall)",
    roles: everyone,
    body: callNoteBody,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 201, description: '{ticketNumber, note}' },
    errors: { 404: 'no ticket has this call, or not yet (CALL_NOT_FOUND)' },
  },
  {
    method: 'put',
    path: '/api/v1/voice/presence',
    tag: 'voice',
    summary: "The agent's own phone presence (available or away) and the phone taken calls ring",
    roles: everyone,
    body: voicePresenceBody,
    forwardedTo: 'channel-voice',
    success: { status: 200, description: '{agentId, status, phone, onCall, updatedAt}' },
  },
  {
    method: 'get',
    path: '/api/v1/voice/numbers',
    tag: 'voice',
    summary: "The workspace's Twilio numbers (from VOICE_NUMBERS and added here) with their call setup",
    roles: ['admin'],
    forwardedTo: 'channel-voice',
    success: { status: 200, description: "{items: [{number, source: 'config' | 'api', calls}]}" },
  },
  {
    method: 'post',
    path: '/api/v1/voice/numbers',
    tag: 'voice',
    summary:
      'Give the workspace a Twilio number and how it answers calls (IVR, hours, queues); SMS and calls to it apply at once, no restart',
    roles: ['admin'],
    body: voiceNumberBody,
    forwardedTo: 'channel-voice',
    success: { status: 201, description: '{number, source, calls}' },
    errors: { 409: 'the number belongs to another workspace, or is already this one’s (NUMBER_TAKEN)' },
  },
  {
    method: 'patch',
    path: '/api/v1/voice/numbers/:number',
    tag: 'voice',
    summary: "Change a number's call setup (null: the default, one queue always open)",
    roles: ['admin'],
    body: voiceNumberChangeBody,
    forwardedTo: 'channel-voice',
    success: { status: 200, description: '{number, source, calls}' },
    errors: {
      404: 'not one of the workspace’s numbers (NUMBER_NOT_FOUND)',
      409: 'set in VOICE_NUMBERS, not through the API (NUMBER_CONFIGURED)',
    },
  },
  {
    method: 'delete',
    path: '/api/v1/voice/numbers/:number',
    tag: 'voice',
    summary: 'Take a number from the workspace: its SMS and calls are no longer taken in',
    roles: ['admin'],
    forwardedTo: 'channel-voice',
    success: { status: 204, description: 'removed' },
    errors: {
      404: 'not one of the workspace’s numbers (NUMBER_NOT_FOUND)',
      409: 'set in VOICE_NUMBERS, not through the API (NUMBER_CONFIGURED)',
    },
  },
  {
    method: 'get',
    path: '/api/v1/messenger/pages',
    tag: 'social',
    summary: "The workspace's Facebook Pages (from MESSENGER_PAGES and connected here), never their token or app secret",
    roles: ['admin'],
    forwardedTo: 'channel-social',
    success: { status: 200, description: "{items: [{pageId, source: 'config' | 'api', pageAccessTokenSet, appSecretSet}]}" },
    errors: { 503: 'the Messenger channel is off (MESSENGER_NOT_CONFIGURED), or channel-social unreachable' },
  },
  {
    method: 'post',
    path: '/api/v1/messenger/pages',
    tag: 'social',
    summary:
      'Connect a Page: its webhooks are checked with its app secret and become contacts, replies go out with its token; no restart',
    roles: ['admin'],
    body: messengerPageBody,
    forwardedTo: 'channel-social',
    success: { status: 201, description: '{pageId, source, pageAccessTokenSet, appSecretSet}' },
    errors: { 409: 'the Page belongs to another workspace, or is already this one’s (PAGE_TAKEN)' },
  },
  {
    method: 'patch',
    path: '/api/v1/messenger/pages/:pageId',
    tag: 'social',
    summary: "Replace a Page's token or app secret (one left out is kept)",
    roles: ['admin'],
    body: messengerPageChangeBody,
    forwardedTo: 'channel-social',
    success: { status: 200, description: '{pageId, source, pageAccessTokenSet, appSecretSet}' },
    errors: {
      404: 'not one of the workspace’s Pages (PAGE_NOT_FOUND)',
      409: 'set in MESSENGER_PAGES, not through the API (PAGE_CONFIGURED)',
    },
  },
  {
    method: 'delete',
    path: '/api/v1/messenger/pages/:pageId',
    tag: 'social',
    summary: 'Disconnect a Page: its messages are no longer taken in, replies to it fail with a reason',
    roles: ['admin'],
    forwardedTo: 'channel-social',
    success: { status: 204, description: 'removed' },
    errors: {
      404: 'not one of the workspace’s Pages (PAGE_NOT_FOUND)',
      409: 'set in MESSENGER_PAGES, not through the API (PAGE_CONFIGURED)',
    },
  },
  {
    method: 'get',
    path: '/api/v1/slack/teams',
    tag: 'social',
    summary:
      "The workspace's Slack teams (from SLACK_WORKSPACES and connected here) and support channels, never their token or signing secret",
    roles: ['admin'],
    forwardedTo: 'channel-social',
    success: {
      status: 200,
      description: "{items: [{teamId, source: 'config' | 'api', supportChannels, botTokenSet, signingSecretSet}]}",
    },
    errors: { 503: 'the Slack channel is off (SLACK_NOT_CONFIGURED), or channel-social unreachable' },
  },
  {
    method: 'post',
    path: '/api/v1/slack/teams',
    tag: 'social',
    summary:
      'Connect a Slack team: messages in its support channels become contacts, replies are posted with its bot token; no restart',
    roles: ['admin'],
    body: slackTeamBody,
    forwardedTo: 'channel-social',
    success: { status: 201, description: '{teamId, source, supportChannels, botTokenSet, signingSecretSet}' },
    errors: { 409: 'the team belongs to another workspace, or is already this one’s (SLACK_TEAM_TAKEN)' },
  },
  {
    method: 'patch',
    path: '/api/v1/slack/teams/:teamId',
    tag: 'social',
    summary: "Change a team's support channels, bot token or signing secret (what is left out is kept)",
    roles: ['admin'],
    body: slackTeamChangeBody,
    forwardedTo: 'channel-social',
    success: { status: 200, description: '{teamId, source, supportChannels, botTokenSet, signingSecretSet}' },
    errors: {
      404: 'not one of the workspace’s teams (SLACK_TEAM_NOT_FOUND)',
      409: 'set in SLACK_WORKSPACES, not through the API (SLACK_TEAM_CONFIGURED)',
    },
  },
  {
    method: 'delete',
    path: '/api/v1/slack/teams/:teamId',
    tag: 'social',
    summary: 'Disconnect a Slack team: its messages are no longer taken in',
    roles: ['admin'],
    forwardedTo: 'channel-social',
    success: { status: 204, description: 'removed' },
    errors: {
      404: 'not one of the workspace’s teams (SLACK_TEAM_NOT_FOUND)',
      409: 'set in SLACK_WORKSPACES, not through the API (SLACK_TEAM_CONFIGURED)',
    },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'meta',
    summary: 'This document',
    success: { status: 200, description: 'OpenAPI 3.1' },
  },
  {
    method: 'get',
    path: '/',
    tag: 'meta',
    summary:
      'The agent console (a single-page app; its files hold no data): its index.html (404 CONSOLE_NOT_BUILT before npm run build)',
    success: { status: 200, description: 'the console', contentType: 'text/html' },
  },
  {
    method: 'get',
    path: '/*path',
    tag: 'meta',
    summary:
      "The console's files (/assets/…), and its index.html for every other path outside /api/, /health and /metrics (the app routes in the browser)",
    success: { status: 200, description: 'a file of the console', contentType: 'text/html' },
  },
  {
    method: 'get',
    path: '/health',
    tag: 'meta',
    summary: 'Readiness: Kafka, the store and the consumers checked for real; 503 names what fails',
    success: { status: 200, description: '{service, status, checks}' },
    errors: { 503: '{service, status: "unavailable", checks} — the failing checks say why' },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'meta',
    summary: 'Prometheus metrics',
    success: { status: 200, description: 'Prometheus text format', contentType: 'text/plain' },
  },
];
