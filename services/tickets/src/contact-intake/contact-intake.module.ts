import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { CustomerRepository } from '../customers/customer.repository';
import { TicketRepository } from '../tickets/ticket.repository';
import { AttachContact } from './attach-contact.usecase';

/** Consumes contact.received.v1 and attaches each contact to a ticket. */
@Module({
  providers: [
    {
      provide: AttachContact,
      inject: [CustomerRepository, TicketRepository, EventPublisher, CONFIG],
      useFactory: (customers: CustomerRepository, tickets: TicketRepository, publisher: EventPublisher, config: TicketsConfig) =>
        new AttachContact({ customers, tickets, publisher, continuityHours: config.TICKETS_CONTINUITY_HOURS }),
    },
  ],
})
export class ContactIntakeModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly attachContact: AttachContact,
    @Inject(CONFIG) private readonly config: TicketsConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.config.TICKETS_CONSUMER_GROUP,
      topics: [TOPICS.contactReceived.name],
      handler: async (event) => {
        if (event.type !== 'contact.received.v1') return 'ignored';
        return this.attachContact.execute(event as TypedEnvelope<'contact.received.v1'>);
      },
    });
  }
}
