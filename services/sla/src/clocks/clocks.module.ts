import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { CONFIG, ConsumerHost, LOGGER, MONGO } from '@threadline/service-runtime';
import type { SlaConfig } from '../config';
import { PoliciesModule } from '../policies/policies.module';
import { PolicyBook } from '../policies/policy-book';
import { SlaPolicyRepository } from '../policies/sla-policy.repository';
import { WorkspaceCalendarRepository } from '../policies/workspace-calendar.repository';
import { ClockJournal } from './clock-journal';
import { FireTimer } from './fire-timer.usecase';
import { SlaClockRepository } from './sla-clock.repository';
import { SlaTimerRepository } from './sla-timer.repository';
import { TimerPoller } from './timer-poller';
import { TIME_SOURCE, type TimeSource } from './time-source';
import { TrackTicket } from './track-ticket.usecase';

/** Ticket clocks: ticket events move them, the poller fires their timers for the partitions this instance holds. */
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
      provide: TrackTicket,
      inject: [ClockJournal, SlaPolicyRepository, WorkspaceCalendarRepository, CONFIG],
      useFactory: (journal: ClockJournal, p: SlaPolicyRepository, c: WorkspaceCalendarRepository, config: SlaConfig) =>
        new TrackTicket(journal, new PolicyBook(p, c, config.SLA_POLICY_CACHE_MS), {
          warningShare: config.SLA_WARNING_SHARE,
          pausedStatuses: config.SLA_PAUSED_STATUSES,
        }),
    },
    {
      provide: TimerPoller,
      inject: [ClockJournal, TIME_SOURCE, CONFIG, LOGGER],
      useFactory: (journal: ClockJournal, time: TimeSource, config: SlaConfig, logger: Logger) =>
        new TimerPoller(
          journal.timers,
          new FireTimer(journal, config.SLA_WARNING_SHARE),
          time,
          { pollMs: config.SLA_TIMER_POLL_MS, lookbackMinutes: config.SLA_TIMER_LOOKBACK_MINUTES },
          logger.child({ component: 'sla-timers' }),
        ),
    },
  ],
})
export class ClocksModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly track: TrackTicket,
    private readonly poller: TimerPoller,
    @Inject(CONFIG) private readonly config: SlaConfig,
  ) {}

  onModuleInit(): void {
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
