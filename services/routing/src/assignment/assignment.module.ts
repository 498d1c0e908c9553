import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import { AuditLog, DueTimerPoller, type TimeSource } from '@threadline/persistence';
import { CONFIG, ConsumerHost, LOGGER, MONGO } from '@threadline/service-runtime';
import type { RoutingConfig } from '../config';
import { RoutingSharedModule } from '../routing-shared.module';
import { TicketsClient } from '../tickets/tickets-client';
import { ROUTING_TIME } from '../time-triggers/routing-time';
import { routingTimerPoller } from '../time-triggers/routing-timer-poller';
import { AgentProfileRepository } from './agent-profile.repository';
import { AssignFromQueue } from './assign-from-queue';
import { AssignmentController } from './assignment.controller';
import { PresenceRepository, RoutingQueueRepository } from './assignment.repositories';
import { AutoAssign } from './auto-assign.usecase';
import { ChangePresence } from './change-presence.usecase';
import { HandBack } from './hand-back.usecase';
import { handbackTimerStore, type HandbackTimerDoc, type HandbackTimerStore } from './handback-timers';
import { ManageAgentProfiles } from './manage-agent-profiles.usecase';
import { TicketHoldRepository } from './ticket-holds.repository';
import { TrackTicketHolds } from './track-ticket-holds.usecase';

const HANDBACK_TIMERS = Symbol('HANDBACK_TIMERS');
/** Its own token: the time rules' poller is the `DueTimerPoller` class itself. */
export const HANDBACK_POLLER = Symbol('HANDBACK_POLLER');

/**
 * Queues, agents' skills and capacities, the away switch and chat presence (chat.presence.v1, own group);
 * ticket.events.v1 in assignment's own group keeps who holds which open ticket, gives a queue's unheld
 * tickets to a fitting member, and fires the hand-back timers of the partitions it holds.
 */
@Module({
  imports: [RoutingSharedModule],
  controllers: [AssignmentController],
  providers: [
    { provide: HANDBACK_TIMERS, inject: [MONGO], useFactory: (c: Connection) => handbackTimerStore(c) },
    {
      provide: HandBack,
      inject: [TicketHoldRepository, PresenceRepository, HANDBACK_TIMERS, TicketsClient, ROUTING_TIME, CONFIG],
      useFactory: (
        holds: TicketHoldRepository,
        presence: PresenceRepository,
        timers: HandbackTimerStore,
        tickets: TicketsClient,
        time: TimeSource,
        config: RoutingConfig,
      ) => new HandBack({ holds, presence, timers, tickets, time, graceMinutes: config.ROUTING_HANDBACK_GRACE_MINUTES }),
    },
    {
      provide: ChangePresence,
      inject: [PresenceRepository, HandBack, ROUTING_TIME],
      useFactory: (presence: PresenceRepository, handBack: HandBack, time: TimeSource) =>
        new ChangePresence({ presence, handBack, time }),
    },
    {
      provide: ManageAgentProfiles,
      inject: [AgentProfileRepository, AuditLog],
      useFactory: (profiles: AgentProfileRepository, audit: AuditLog) => new ManageAgentProfiles({ profiles, audit }),
    },
    {
      provide: TrackTicketHolds,
      inject: [TicketHoldRepository, TicketsClient, RoutingQueueRepository, AssignFromQueue, ROUTING_TIME, LOGGER],
      useFactory: (
        holds: TicketHoldRepository,
        tickets: TicketsClient,
        queues: RoutingQueueRepository,
        assign: AssignFromQueue,
        time: TimeSource,
        logger: Logger,
      ) => new TrackTicketHolds({ holds, tickets, autoAssign: new AutoAssign({ queues, assign, tickets, time, logger }) }),
    },
    {
      provide: HANDBACK_POLLER,
      inject: [HandBack, HANDBACK_TIMERS, ROUTING_TIME, CONFIG, LOGGER],
      useFactory: (handBack: HandBack, timers: HandbackTimerStore, time: TimeSource, config: RoutingConfig, logger: Logger) =>
        routingTimerPoller('routing-handback', timers, (timer, now) => handBack.fire(timer, now), { time, config, logger }),
    },
  ],
  exports: [ChangePresence],
})
export class AssignmentModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly presence: ChangePresence,
    private readonly holds: TrackTicketHolds,
    @Inject(HANDBACK_POLLER) private readonly handBackPoller: DueTimerPoller<HandbackTimerDoc>,
    @Inject(CONFIG) private readonly config: RoutingConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.config.ROUTING_PRESENCE_CONSUMER_GROUP,
      topics: [TOPICS.chatSignals.name],
      handler: async (event) => {
        if (event.type !== 'chat.presence.v1') return 'ignored';
        const { payload } = event;
        const until = payload.status === 'available' && payload.expiresAt ? new Date(payload.expiresAt) : null;
        await this.presence.chatUntil(event.workspaceId, payload.agentId, until);
        return 'done';
      },
    });
    this.consumers.add({
      groupId: this.config.ROUTING_ASSIGNMENT_CONSUMER_GROUP,
      topics: [TOPICS.ticketEvents.name],
      handler: (event, source) => this.holds.handle(event, source),
      // A ticket's hand-back timer follows its partition, like its hold.
      onAssignment: (assignment) => this.handBackPoller.assign(assignment[TOPICS.ticketEvents.name] ?? []),
    });
  }

  onApplicationBootstrap(): void {
    this.handBackPoller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handBackPoller.stop();
  }
}
