import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { CONFIG, ConsumerHost, LOGGER, MONGO } from '@threadline/service-runtime';
import type { SlaConfig } from '../config';
import { PoliciesModule } from '../policies/policies.module';
import { ManagePolicies } from '../policies/manage-policies.usecase';
import { PolicyBook } from '../policies/policy-book';
import { SlaPolicyRepository } from '../policies/sla-policy.repository';
import { WorkspaceCalendarRepository } from '../policies/workspace-calendar.repository';
import { ClockJournal } from './clock-journal';
import { FireTimer } from './fire-timer.usecase';
import { RecomputeClocks } from './recompute-clocks.usecase';
import { SlaClockRepository } from './sla-clock.repository';
import { SlaTimerRepository } from './sla-timer.repository';
import { TimerPoller } from './timer-poller';
import { TIME_SOURCE, type TimeSource } from './time-source';
import { TrackTicket } from './track-ticket.usecase';

/**
 * Ticket clocks: ticket events move them, the poller fires their timers for the partitions this instance
 * holds, and an admin's change of the rules recomputes the workspace's open ones.
 */
@Module({
  imports: [PoliciesModule],
  providers: [
    {
      provide: ClockJournal,
      inject: [MONGO, EventPublisher, TIME_SOURCE],
      useFactory: (c: Connection, publisher: EventPublisher, time: TimeSource) =>
        new ClockJournal(new SlaClockRepository(c), new SlaTimerRepository(c), publisher, time),
    },
    {
      provide: PolicyBook,
      inject: [SlaPolicyRepository, WorkspaceCalendarRepository, CONFIG],
      useFactory: (p: SlaPolicyRepository, c: WorkspaceCalendarRepository, config: SlaConfig) =>
        new PolicyBook(p, c, config.SLA_POLICY_CACHE_MS),
    },
    {
      provide: TrackTicket,
      inject: [ClockJournal, PolicyBook, CONFIG],
      useFactory: (journal: ClockJournal, book: PolicyBook, config: SlaConfig) =>
        new TrackTicket(journal, book, {
          warningShare: config.SLA_WARNING_SHARE,
          pausedStatuses: config.SLA_PAUSED_STATUSES,
        }),
    },
    {
      provide: RecomputeClocks,
      inject: [ClockJournal, TrackTicket, PolicyBook, TIME_SOURCE, LOGGER],
      useFactory: (journal: ClockJournal, track: TrackTicket, book: PolicyBook, time: TimeSource, logger: Logger) =>
        new RecomputeClocks(journal.clocks, track, book, time, logger.child({ component: 'sla-recompute' })),
    },
    {
      provide: TimerPoller,
      inject: [ClockJournal, TIME_SOURCE, CONFIG, LOGGER],
      useFactory: (journal: ClockJournal, time: TimeSource, config: SlaConfig, logger: Logger) => {
        const poller = new TimerPoller(
          journal.timers,
          new FireTimer(journal, config.SLA_WARNING_SHARE),
          time,
          {
            pollMs: config.SLA_TIMER_POLL_MS,
            lookbackMinutes: config.SLA_TIMER_LOOKBACK_MINUTES,
            concurrency: config.SLA_TIMER_CONCURRENCY,
          },
          logger.child({ component: 'sla-timers' }),
        );
        journal.watch(poller);
        return poller;
      },
    },
  ],
  exports: [PolicyBook],
})
export class ClocksModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly track: TrackTicket,
    private readonly poller: TimerPoller,
    private readonly manage: ManagePolicies,
    private readonly recompute: RecomputeClocks,
    @Inject(CONFIG) private readonly config: SlaConfig,
  ) {}

  onModuleInit(): void {
    // An edited policy or calendar reaches the open tickets' clocks at once, not at their next event.
    this.manage.onRulesChanged((workspaceId) => void this.recompute.workspace(workspaceId));
    this.consumers.add({
      groupId: this.config.SLA_CONSUMER_GROUP,
      topics: [TOPICS.ticketEvents.name],
      handler: (event, source) => this.track.handle(event, source),
      // The timers of a ticket follow its partition: whoever consumes the ticket's events fires its timers.
      onAssignment: (assignment) => this.poller.assign(assignment[TOPICS.ticketEvents.name] ?? []),
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
