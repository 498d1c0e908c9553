import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';
import { CALL_OFFER_SECONDS } from '@threadline/contracts';

export const routingConfigSchema = commonConfigSchema.extend({
  /** The consumer group reading ticket.events.v1 to run the rules. */
  ROUTING_CONSUMER_GROUP: z.string().min(1).default('routing'),
  /** The consumer group reading sla.events.v1: warnings and breaches are rule triggers. */
  ROUTING_SLA_CONSUMER_GROUP: z.string().min(1).default('routing-sla'),
  /** How often the due time-rule timers are looked for. */
  ROUTING_TIMER_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** A partition with no stored cursor starts this many minutes back (its timers written just before a restart). */
  ROUTING_TIMER_LOOKBACK_MINUTES: z.coerce.number().int().min(0).default(60),
  /** The consumer group reading agents' chat presence (chat.signals.v1) for assignment. */
  ROUTING_PRESENCE_CONSUMER_GROUP: z.string().min(1).default('routing-presence'),
  /** The consumer group reading ticket.events.v1 for assignment: who holds which open ticket, queues that assign by themselves. */
  ROUTING_ASSIGNMENT_CONSUMER_GROUP: z.string().min(1).default('routing-assignment'),
  /** How long an agent who went away keeps their open tickets before they go back to their queues. */
  ROUTING_HANDBACK_GRACE_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  /** Base URL of the tickets service's internal API: rules read tickets and issue commands through it. */
  TICKETS_URL: z.url(),
  /** The channel owners' internal APIs: a rule's template on a channel the workspace has not connected is refused (unset: not checked). */
  CHANNEL_EMAIL_URL: z.url().optional(),
  CHANNEL_VOICE_URL: z.url().optional(),
  CHANNEL_SOCIAL_URL: z.url().optional(),
  /** The consumer group reading voice.events.v1: waiting callers offered to free phone agents (needs CHANNEL_VOICE_URL). */
  ROUTING_VOICE_CONSUMER_GROUP: z.string().min(1).default('routing-voice'),
  /** How long an agent has to accept a waiting caller offered to them before the next free agent is offered it. */
  ROUTING_CALL_OFFER_SECONDS: z.coerce
    .number()
    .int()
    .min(CALL_OFFER_SECONDS.min)
    .max(CALL_OFFER_SECONDS.max)
    .default(CALL_OFFER_SECONDS.default),
  /** The sla service's internal API: the workspace's business calendar for `businessHoursOnly` queues (unset: the default office week). */
  SLA_URL: z.url().optional(),
  /** How long an instance keeps a workspace's business calendar before asking sla again. */
  ROUTING_CALENDAR_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** How long an instance uses a workspace's rules before checking their version again (changes elsewhere show within it). */
  ROUTING_RULES_CACHE_MS: z.coerce.number().int().min(0).default(2000),
});
export type RoutingConfig = z.infer<typeof routingConfigSchema>;
