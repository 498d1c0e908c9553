import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS, type AnyEvent } from '@threadline/contracts';
import type { EventSource, HandlerOutcome } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { DueTimerPoller, type TimeSource } from '@threadline/persistence';
import { CONFIG, ConsumerHost, LOGGER, MONGO } from '@threadline/service-runtime';
import type { RoutingConfig } from '../config';
import { AssignFromQueue } from '../assignment/assign-from-queue';
import { RoutingSharedModule } from '../routing-shared.module';
import { RulesetCache } from '../rules/ruleset-cache';
import { SlackNoticesClient } from '../slack/slack-notices-client';
import { TicketsClient } from '../tickets/tickets-client';
import { FireTimeTrigger } from '../time-triggers/fire-time-trigger.usecase';
import { ScheduleTimeTriggers } from '../time-triggers/schedule-time-triggers.usecase';
import { triggerTimerStore, type TriggerTimerDoc, type TriggerTimerStore } from '../time-triggers/trigger-timer.repository';
import { ROUTING_TIME } from '../time-triggers/routing-time';
import { routingTimerPoller } from '../time-triggers/routing-timer-poller';
import { FireRule } from './fire-rule';
import { FiringClaimsRepository } from './firing-claims.repository';
import { RunRules } from './run-rules.usecase';

const TIMER_STORE = Symbol('TIMER_STORE');

/** What a ticket event did, when both the rules and the time rules' timers looked at it. */
const combined = (outcomes: HandlerOutcome[]): HandlerOutcome =>
  outcomes.includes('done') ? 'done' : outcomes.includes('duplicate') ? 'duplicate' : 'ignored';

/**
 * ticket.events.v1 → the workspace's rules → commands to the tickets service, in the routing consumer group;
 * the same events start the time rules' timers, fired by the instance holding the ticket's partition;
 * sla.events.v1 (warnings, breaches) → the rules with those triggers.
 */
@Module({
  imports: [RoutingSharedModule],
  providers: [
    {
      provide: RunRules,
      inject: [RulesetCache, TicketsClient, SlackNoticesClient, FiringClaimsRepository, AssignFromQueue, LOGGER],
      useFactory: (
        rulesets: RulesetCache,
        tickets: TicketsClient,
        slack: SlackNoticesClient,
        claims: FiringClaimsRepository,
        assign: AssignFromQueue,
        logger: Logger,
      ) => new RunRules({ rulesets, tickets, fire: new FireRule({ tickets, slack, claims, assign, logger }) }),
    },
    { provide: TIMER_STORE, inject: [MONGO], useFactory: (c: Connection) => triggerTimerStore(c) },
    {
      provide: ScheduleTimeTriggers,
      inject: [RulesetCache, TIMER_STORE, ROUTING_TIME],
      useFactory: (rulesets: RulesetCache, timers: TriggerTimerStore, time: TimeSource) =>
        new ScheduleTimeTriggers({ rulesets, timers, time }),
    },
    {
      provide: DueTimerPoller,
      inject: [RulesetCache, TicketsClient, RunRules, TIMER_STORE, ROUTING_TIME, CONFIG, LOGGER],
      useFactory: (
        rulesets: RulesetCache,
        tickets: TicketsClient,
        runRules: RunRules,
        timers: TriggerTimerStore,
        time: TimeSource,
        config: RoutingConfig,
        logger: Logger,
      ) => {
        const fire = new FireTimeTrigger({ rulesets, tickets, runRules, timers });
        return routingTimerPoller('routing-timers', timers, (timer, now) => fire.fire(timer, now), { time, config, logger });
      },
    },
  ],
})
export class AutomationModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly runRules: RunRules,
    private readonly schedule: ScheduleTimeTriggers,
    private readonly poller: DueTimerPoller<TriggerTimerDoc>,
    @Inject(CONFIG) private readonly config: RoutingConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.config.ROUTING_CONSUMER_GROUP,
      topics: [TOPICS.ticketEvents.name],
      handler: async (event: AnyEvent, source: EventSource) =>
        combined([await this.runRules.handle(event), await this.schedule.handle(event, source)]),
      // A ticket's timers follow its partition: whoever consumes the ticket's events fires them.
      onAssignment: (assignment) => this.poller.assign(assignment[TOPICS.ticketEvents.name] ?? []),
    });
    this.consumers.add({
      groupId: this.config.ROUTING_SLA_CONSUMER_GROUP,
      topics: [TOPICS.slaEvents.name],
      handler: (event) => this.runRules.handle(event),
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
