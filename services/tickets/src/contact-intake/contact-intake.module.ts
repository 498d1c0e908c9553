import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { CustomerRepository } from '../customers/customer.repository';
import { IdentifyCustomer } from '../customers/identify-customer';
import { TicketChanges } from '../tickets/ticket-changes';
import { TicketRepository } from '../tickets/ticket.repository';
import { AcknowledgeNewTicket } from '../acknowledgements/acknowledge-new-ticket.usecase';
import { AttachContact } from './attach-contact.usecase';

const HOUR_MS = 3600_000;

/** Consumes contact.received.v1 and attaches each contact to a ticket. */
@Module({
  providers: [
    {
      provide: AttachContact,
      inject: [CustomerRepository, IdentifyCustomer, TicketRepository, TicketChanges, EventPublisher, CONFIG],
      useFactory: (
        customers: CustomerRepository,
        identify: IdentifyCustomer,
        tickets: TicketRepository,
        changes: TicketChanges,
        publisher: EventPublisher,
        config: TicketsConfig,
      ) =>
        new AttachContact({
          customers,
          identify,
          tickets,
          changes,
          publisher,
          policy: {
            continuityMs: config.TICKETS_CONTINUITY_HOURS * HOUR_MS,
            reopenMs: config.TICKETS_REOPEN_DAYS * 24 * HOUR_MS,
          },
          acknowledge: new AcknowledgeNewTicket(tickets, publisher, {
            enabled: config.TICKETS_EMAIL_ACKNOWLEDGEMENT,
            defaultLanguage: config.TICKETS_DEFAULT_LANGUAGE,
          }),
        }),
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
