import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { AuditLog } from '@threadline/persistence';
import { CONFIG, MONGO, ServiceTokenMinter } from '@threadline/service-runtime';
import { FiringClaimsRepository } from '../automation/firing-claims.repository';
import type { RoutingConfig } from '../config';
import { TicketsClient } from '../tickets/tickets-client';
import { ManageRules } from './manage-rules.usecase';
import { RoutingAuditController } from './routing-audit.controller';
import { RulesController } from './rules.controller';
import { RulesetCache } from './ruleset-cache';
import { RulesetRepository } from './ruleset.repository';
import { TestRules } from './test-rules.usecase';

/** The rules, their store and cache, the admin API and the tester; the cache is shared with the automation. */
@Module({
  controllers: [RulesController, RoutingAuditController],
  providers: [
    { provide: RulesetRepository, inject: [MONGO], useFactory: (c: Connection) => new RulesetRepository(c) },
    {
      provide: RulesetCache,
      inject: [RulesetRepository, CONFIG],
      useFactory: (repo: RulesetRepository, config: RoutingConfig) => new RulesetCache(repo, config.ROUTING_RULES_CACHE_MS),
    },
    { provide: AuditLog, inject: [MONGO], useFactory: (c: Connection) => new AuditLog(c) },
    { provide: FiringClaimsRepository, inject: [MONGO], useFactory: (c: Connection) => new FiringClaimsRepository(c) },
    {
      provide: TicketsClient,
      inject: [CONFIG, ServiceTokenMinter],
      useFactory: (config: RoutingConfig, tokens: ServiceTokenMinter) => new TicketsClient(config.TICKETS_URL, tokens),
    },
    {
      provide: ManageRules,
      inject: [RulesetRepository, RulesetCache, AuditLog],
      useFactory: (rulesets: RulesetRepository, cache: RulesetCache, audit: AuditLog) =>
        new ManageRules({ rulesets, cache, audit }),
    },
    {
      provide: TestRules,
      inject: [RulesetCache, TicketsClient, FiringClaimsRepository],
      useFactory: (rulesets: RulesetCache, tickets: TicketsClient, claims: FiringClaimsRepository) =>
        new TestRules({ rulesets, tickets, claims }),
    },
  ],
  exports: [RulesetCache, TicketsClient, FiringClaimsRepository],
})
export class RulesModule {}
