import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { TicketChanges } from '../tickets/ticket-changes';
import { TicketRepository } from '../tickets/ticket.repository';
import { CollectionsHoldsController } from './collections-holds.controller';
import { HoldCollections } from './hold-collections.usecase';
import { ReleaseHoldOnClose } from './release-on-close';

/** Collections holds (complaints): the API, and the release when a held ticket is closed (its own consumer group). */
@Module({
  controllers: [CollectionsHoldsController],
  providers: [
    {
      provide: HoldCollections,
      inject: [TicketRepository, TicketChanges, EventPublisher],
      useFactory: (tickets: TicketRepository, changes: TicketChanges, publisher: EventPublisher) =>
        new HoldCollections({ tickets, changes, publisher }),
    },
    {
      provide: ReleaseHoldOnClose,
      inject: [TicketRepository, HoldCollections],
      useFactory: (tickets: TicketRepository, holds: HoldCollections) => new ReleaseHoldOnClose({ tickets, holds }),
    },
  ],
})
export class CollectionsHoldsModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly releaseOnClose: ReleaseHoldOnClose,
    @Inject(CONFIG) private readonly config: TicketsConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: `${this.config.TICKETS_CONSUMER_GROUP}.holds`,
      topics: [TOPICS.ticketEvents.name],
      // Closings from before this group existed held nothing: a new group starts at the end.
      fromBeginning: false,
      // Closings only: the topic's other events (several per contact) are passed over unread.
      types: ['ticket.updated.v1'],
      handler: (event) => this.releaseOnClose.handle(event),
    });
  }
}
