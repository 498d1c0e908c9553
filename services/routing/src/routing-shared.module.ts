import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { AuditLog } from '@threadline/persistence';
import { CONFIG, MONGO, ServiceTokenMinter } from '@threadline/service-runtime';
import { AgentProfileRepository } from './assignment/agent-profile.repository';
import { AssignFromQueue } from './assignment/assign-from-queue';
import { PresenceRepository, RoutingQueueRepository } from './assignment/assignment.repositories';
import { TicketHoldRepository } from './assignment/ticket-holds.repository';
import { FiringClaimsRepository } from './automation/firing-claims.repository';
import type { RoutingConfig } from './config';
import { RulesetCache } from './rules/ruleset-cache';
import { RulesetRepository } from './rules/ruleset.repository';
import { SlackNoticesClient } from './slack/slack-notices-client';
import { TicketsClient } from './tickets/tickets-client';

const providers = [
  { provide: RulesetRepository, inject: [MONGO], useFactory: (c: Connection) => new RulesetRepository(c) },
  {
    provide: RulesetCache,
    inject: [RulesetRepository, CONFIG],
    useFactory: (repo: RulesetRepository, config: RoutingConfig) => new RulesetCache(repo, config.ROUTING_RULES_CACHE_MS),
  },
  { provide: AuditLog, inject: [MONGO], useFactory: (c: Connection) => new AuditLog(c) },
  { provide: FiringClaimsRepository, inject: [MONGO], useFactory: (c: Connection) => new FiringClaimsRepository(c) },
  { provide: RoutingQueueRepository, inject: [MONGO], useFactory: (c: Connection) => new RoutingQueueRepository(c) },
  { provide: PresenceRepository, inject: [MONGO], useFactory: (c: Connection) => new PresenceRepository(c) },
  { provide: AgentProfileRepository, inject: [MONGO], useFactory: (c: Connection) => new AgentProfileRepository(c) },
  { provide: TicketHoldRepository, inject: [MONGO], useFactory: (c: Connection) => new TicketHoldRepository(c) },
  {
    provide: TicketsClient,
    inject: [CONFIG, ServiceTokenMinter],
    useFactory: (config: RoutingConfig, tokens: ServiceTokenMinter) => new TicketsClient(config.TICKETS_URL, tokens),
  },
  {
    provide: SlackNoticesClient,
    inject: [CONFIG, ServiceTokenMinter],
    useFactory: (config: RoutingConfig, tokens: ServiceTokenMinter) => new SlackNoticesClient(config.CHANNEL_SOCIAL_URL, tokens),
  },
  {
    provide: AssignFromQueue,
    inject: [RoutingQueueRepository, PresenceRepository, AgentProfileRepository, TicketHoldRepository],
    useFactory: (
      queues: RoutingQueueRepository,
      presence: PresenceRepository,
      profiles: AgentProfileRepository,
      holds: TicketHoldRepository,
    ) => new AssignFromQueue({ queues, presence, profiles, holds }),
  },
];

/** The store, cache and clients the rules, the automation and the assignment share. */
@Module({ providers, exports: providers.map((p) => p.provide) })
export class RoutingSharedModule {}
