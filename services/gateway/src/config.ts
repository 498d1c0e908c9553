import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';
import { corsOriginsSchema } from './cors/cors-policy';

export const gatewayConfigSchema = commonConfigSchema.extend({
  /** Other origins allowed to call the API from a browser (see cors-policy.ts); none by default. */
  CORS_ALLOWED_ORIGINS: corsOriginsSchema,
  /** HMAC key for agent access tokens; at least 32 characters. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().positive().default(900),
  JWT_REFRESH_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(14 * 24 * 3600),
  /**
   * How long an agent's role and membership, read from the store for each
   * request, may be remembered: a demotion or removal applies on every
   * instance within this time. At most 5 s.
   */
  SESSION_RECHECK_MS: z.coerce.number().int().min(0).max(5000).default(5000),
  /** Failed logins allowed per account (workspace + e-mail) and per client address within the window. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_CLIENT: z.coerce.number().int().positive().default(20),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** The public survey page (`/survey/:token`): requests one client address may make within the window; then 429. */
  SURVEY_PAGE_MAX_PER_CLIENT: z.coerce.number().int().positive().max(1000).default(60),
  SURVEY_PAGE_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  /** The consumer group that keeps agents' notices (assigned, mentioned) from the ticket events. */
  GATEWAY_NOTICES_CONSUMER_GROUP: z.string().min(1).default('gateway-notices'),
  /** How often an idle live-updates stream gets a keep-alive comment. */
  LIVE_HEARTBEAT_MS: z.coerce.number().int().min(1000).default(15_000),
  /** Base URL of the tickets service's internal listener (INTERNAL_HTTP_PORT), never its public one. */
  TICKETS_URL: z.url(),
  /** Base URL of channel-email's internal listener (mailbox management); without it those endpoints answer 503. */
  CHANNEL_EMAIL_URL: z.url().optional(),
  /** Base URL of channel-voice's internal listener (call queues, presence); without it those endpoints answer 503. */
  CHANNEL_VOICE_URL: z.url().optional(),
  /** An agent's chat availability lapses this long after their screen last renewed it (PUT /api/v1/chat/presence). */
  CHAT_PRESENCE_TTL_SECONDS: z.coerce.number().int().min(10).default(90),
  /** Base URL of channel-social's internal listener (Messenger Pages, Slack teams); without it those endpoints answer 503. */
  CHANNEL_SOCIAL_URL: z.url().optional(),
  /** Base URL of the routing service's internal API (routing rules); without it those endpoints answer 503. */
  ROUTING_URL: z.url().optional(),
  /** Base URL of the sla service's internal API (policies, business calendar); without it those endpoints answer 503. */
  SLA_URL: z.url().optional(),
  /** Base URL of the reporting service's internal API (reports); without it those endpoints answer 503. */
  REPORTING_URL: z.url().optional(),
  /** How often an open call-queue stream reads the board from channel-voice. */
  VOICE_BOARD_POLL_MS: z.coerce.number().int().min(200).default(2000),
  /** How often an open wall-board stream reads today's figures (reporting) and the call queues (channel-voice). */
  WALLBOARD_POLL_MS: z.coerce.number().int().min(200).default(5000),
  /** Open wall-board streams one workspace may hold on one gateway instance; one more is a 429. */
  WALLBOARD_MAX_STREAMS_PER_WORKSPACE: z.coerce.number().int().min(1).default(10),
  /** The built agent console served at `/`; default: the monorepo's apps/console/dist. */
  CONSOLE_DIR: z.string().min(1).optional(),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
