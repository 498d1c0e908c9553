import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { TicketRepository } from '../tickets/ticket.repository';
import { RecordDelivery } from './record-delivery.usecase';

/** Consumes delivery.updated.v1 from the channel connectors in its own group, beside contact intake, in batches. */
@Module({
  providers: [
    {
      provide: RecordDelivery,
      inject: [TicketRepository, EventPublisher],
      useFactory: (tickets: TicketRepository, publisher: EventPublisher) => new RecordDelivery(tickets, publisher),
    },
  ],
})
export class DeliveryStatusModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly recordDelivery: RecordDelivery,
    @Inject(CONFIG) private readonly config: TicketsConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: `${this.config.TICKETS_CONSUMER_GROUP}.delivery`,
      topics: [TOPICS.deliveryStatus.name],
      handler: async (event) => {
        if (event.type !== 'delivery.updated.v1') return 'ignored';
        return this.recordDelivery.execute(event);
      },
      // A backlog of news (a morning's acknowledgements sent) is recorded a batch at a time; the handler above is the fallback.
      batch: {
        handle: async (events) => {
          const news = events.filter((e): e is TypedEnvelope<'delivery.updated.v1'> => e.type === 'delivery.updated.v1');
          const recorded = await this.recordDelivery.executeMany(news);
          let next = 0;
          return events.map((e) => (e.type === 'delivery.updated.v1' ? recorded[next++] : 'ignored'));
        },
      },
    });
  }
}
