import { Module } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import { AuditLog } from '@threadline/persistence';
import { CustomerCommandsController } from '../customers/customer-commands.controller';
import { CustomerRepository } from '../customers/customer.repository';
import { TicketChanges } from '../tickets/ticket-changes';
import { TicketRepository } from '../tickets/ticket.repository';
import { AddNote } from './add-note.usecase';
import { MergeTickets } from './merge-tickets.usecase';
import { ReplyMetrics } from './reply-metrics';
import { ReplyToCustomer } from './reply-to-customer.usecase';
import { SendAutomaticMessage } from './send-automatic-message.usecase';
import { TicketCommandsController } from './ticket-commands.controller';
import { UpdateTicket } from './update-ticket.usecase';

/** One use case per agent command on a ticket, behind the internal API the gateway forwards to. */
@Module({
  controllers: [TicketCommandsController, CustomerCommandsController],
  providers: [
    ReplyMetrics,
    {
      provide: UpdateTicket,
      inject: [TicketRepository, TicketChanges],
      useFactory: (tickets: TicketRepository, changes: TicketChanges) => new UpdateTicket({ tickets, changes }),
    },
    {
      provide: AddNote,
      inject: [TicketRepository, AuditLog, EventPublisher],
      useFactory: (tickets: TicketRepository, audit: AuditLog, publisher: EventPublisher) =>
        new AddNote({ tickets, audit, publisher }),
    },
    {
      provide: ReplyToCustomer,
      inject: [TicketRepository, CustomerRepository, TicketChanges, EventPublisher, ReplyMetrics],
      useFactory: (
        tickets: TicketRepository,
        customers: CustomerRepository,
        changes: TicketChanges,
        publisher: EventPublisher,
        metrics: ReplyMetrics,
      ) => new ReplyToCustomer({ tickets, customers, changes, publisher, metrics }),
    },
    {
      provide: MergeTickets,
      inject: [TicketRepository, CustomerRepository, TicketChanges, EventPublisher],
      useFactory: (tickets: TicketRepository, customers: CustomerRepository, changes: TicketChanges, publisher: EventPublisher) =>
        new MergeTickets({ tickets, customers, changes, publisher }),
    },
    {
      provide: SendAutomaticMessage,
      inject: [TicketRepository, CustomerRepository, EventPublisher],
      useFactory: (tickets: TicketRepository, customers: CustomerRepository, publisher: EventPublisher) =>
        new SendAutomaticMessage({ tickets, customers, publisher }),
    },
  ],
})
export class TicketCommandsModule {}
