import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import { CONFIG, ConsumerHost, LOGGER } from '@threadline/service-runtime';
import type { RoutingConfig } from '../config';
import { AssignFromQueue } from '../assignment/assign-from-queue';
import { RoutingSharedModule } from '../routing-shared.module';
import { RulesetCache } from '../rules/ruleset-cache';
import { TicketsClient } from '../tickets/tickets-client';
import { FireRule } from './fire-rule';
import { FiringClaimsRepository } from './firing-claims.repository';
import { RunRules } from './run-rules.usecase';

/** ticket.events.v1 → the workspace's rules → commands to the tickets service, in the routing consumer group. */
@Module({
  imports: [RoutingSharedModule],
  providers: [
    {
      provide: RunRules,
      inject: [RulesetCache, TicketsClient, FiringClaimsRepository, AssignFromQueue, LOGGER],
      useFactory: (
        rulesets: RulesetCache,
        tickets: TicketsClient,
        claims: FiringClaimsRepository,
        assign: AssignFromQueue,
        logger: Logger,
      ) => new RunRules({ rulesets, tickets, fire: new FireRule({ tickets, claims, assign, logger }) }),
    },
  ],
})
export class AutomationModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly runRules: RunRules,
    @Inject(CONFIG) private readonly config: RoutingConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.config.ROUTING_CONSUMER_GROUP,
      topics: [TOPICS.ticketEvents.name],
      handler: (event) => this.runRules.handle(event),
    });
  }
}
