import { Module } from '@nestjs/common';
import { AuditLog } from '@threadline/persistence';
import { AssignFromQueue } from '../assignment/assign-from-queue';
import { FiringClaimsRepository } from '../automation/firing-claims.repository';
import { RoutingSharedModule } from '../routing-shared.module';
import { TicketsClient } from '../tickets/tickets-client';
import { ManageRules } from './manage-rules.usecase';
import { RoutingAuditController } from './routing-audit.controller';
import { RulesController } from './rules.controller';
import { RulesetCache } from './ruleset-cache';
import { RulesetRepository } from './ruleset.repository';
import { TestRules } from './test-rules.usecase';
import { WorkspaceChannels } from './workspace-channels';
import { CONFIG, ServiceTokenMinter } from '@threadline/service-runtime';
import type { RoutingConfig } from '../config';

/** The admin API over the rules, the tester and the routing audit trail. */
@Module({
  imports: [RoutingSharedModule],
  controllers: [RulesController, RoutingAuditController],
  providers: [
    {
      provide: ManageRules,
      inject: [RulesetRepository, RulesetCache, AuditLog],
      useFactory: (rulesets: RulesetRepository, cache: RulesetCache, audit: AuditLog) =>
        new ManageRules({ rulesets, cache, audit }),
    },
    {
      provide: WorkspaceChannels,
      inject: [CONFIG, ServiceTokenMinter],
      useFactory: (config: RoutingConfig, tokens: ServiceTokenMinter) =>
        new WorkspaceChannels(
          { email: config.CHANNEL_EMAIL_URL, voice: config.CHANNEL_VOICE_URL, social: config.CHANNEL_SOCIAL_URL },
          tokens,
        ),
    },
    {
      provide: TestRules,
      inject: [RulesetCache, TicketsClient, FiringClaimsRepository, AssignFromQueue],
      useFactory: (rulesets: RulesetCache, tickets: TicketsClient, claims: FiringClaimsRepository, assign: AssignFromQueue) =>
        new TestRules({ rulesets, tickets, claims, assign }),
    },
  ],
})
export class RulesModule {}
