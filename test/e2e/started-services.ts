// The tickets and routing services as the e2e tests start them: each in its own consumer groups
// starting now (earlier tests' events are not theirs), routing reading its rules afresh.
import { TOPICS } from '@threadline/contracts';
import { systemTime, type TimeSource } from '@threadline/persistence';
import { commonTestEnv, consumerGroupStartingNow, type RunningService, startService } from '@threadline/testing';
import { routingServiceWith } from '../../services/routing/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

/** Tickets taking the contacts published from now on. */
export async function startTickets(): Promise<RunningService> {
  return startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  });
}

export interface RoutingStart {
  /** channel-social, for rules that answer on Slack or Messenger. */
  social?: RunningService;
  /** Routing's "now" (tests move it by hand); the real clock if not given. */
  time?: TimeSource;
  /** The rules' consumer group, when the test waits on it; a fresh one if not given. */
  group?: string;
  /** More settings (e.g. `ROUTING_TIMER_POLL_MS`, `MONGO_DATABASE`). */
  env?: Record<string, string>;
}

/** Routing acting through `tickets` (and `social`). */
export async function startRouting(tickets: RunningService, start: RoutingStart = {}): Promise<RunningService> {
  return startService(routingServiceWith(start.time ?? systemTime), {
    ...commonTestEnv('routing'),
    TICKETS_URL: tickets.internalUrl,
    ...(start.social ? { CHANNEL_SOCIAL_URL: start.social.internalUrl } : {}),
    ROUTING_CONSUMER_GROUP: start.group ?? (await consumerGroupStartingNow('routing', [TOPICS.ticketEvents.name])),
    ROUTING_SLA_CONSUMER_GROUP: await consumerGroupStartingNow('routing-sla', [TOPICS.slaEvents.name]),
    ROUTING_PRESENCE_CONSUMER_GROUP: await consumerGroupStartingNow('routing-presence', [TOPICS.chatSignals.name]),
    ROUTING_ASSIGNMENT_CONSUMER_GROUP: await consumerGroupStartingNow('routing-assignment', [TOPICS.ticketEvents.name]),
    ROUTING_RULES_CACHE_MS: '0',
    ...start.env,
  });
}
