import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { AuditLog } from '@threadline/persistence';
import type { Logger } from '@threadline/observability';
import { CONFIG, LOGGER, MONGO, ServiceTokenMinter } from '@threadline/service-runtime';
import { AgentProfileRepository } from './assignment/agent-profile.repository';
import { AssignFromQueue } from './assignment/assign-from-queue';
import { PresenceRepository, RoutingQueueRepository } from './assignment/assignment.repositories';
import { PhoneStateRepository } from './assignment/phone-state.repository';
import { TicketHoldRepository } from './assignment/ticket-holds.repository';
import { WorkspaceCalendars } from './assignment/workspace-calendars';
import { FiringClaimsRepository } from './automation/firing-claims.repository';
import type { RoutingConfig } from './config';
import { RulesetCache } from './rules/ruleset-cache';
import { RulesetRepository } from './rules/ruleset.repository';
import { SlackNoticesClient } from './slack/slack-notices-client';
import { InternalClient, TicketsClient } from './tickets/tickets-client';

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
  { provide: PhoneStateRepository, inject: [MONGO], useFactory: (c: Connection) => new PhoneStateRepository(c) },
  {
    provide: PresenceRepository,
    inject: [MONGO, PhoneStateRepository],
    useFactory: (c: Connection, phones: PhoneStateRepository) => new PresenceRepository(c, phones),
  },
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
    provide: WorkspaceCalendars,
    inject: [CONFIG, ServiceTokenMinter, LOGGER],
    useFactory: (config: RoutingConfig, tokens: ServiceTokenMinter, logger: Logger) =>
      new WorkspaceCalendars(
        // The calendar route is the admins' (sla's own doors): routing reads it as an admin, like its rules act on tickets.
        config.SLA_URL ? new InternalClient({ name: 'sla', baseUrl: config.SLA_URL }, tokens, { role: 'admin' }) : null,
        config.ROUTING_CALENDAR_CACHE_MS,
        logger,
      ),
  },
  {
    provide: AssignFromQueue,
    inject: [RoutingQueueRepository, WorkspaceCalendars, PresenceRepository, AgentProfileRepository, TicketHoldRepository],
    useFactory: (
      queues: RoutingQueueRepository,
      calendars: WorkspaceCalendars,
      presence: PresenceRepository,
      profiles: AgentProfileRepository,
      holds: TicketHoldRepository,
    ) => new AssignFromQueue({ queues, calendars, presence, profiles, holds }),
  },
];

/** The store, cache and clients the rules, the automation and the assignment share. */
@Module({ providers, exports: providers.map((p) => p.provide) })
export class RoutingSharedModule {}
