import { Module } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import { AuditLog } from '@threadline/persistence';
import { CustomerCommandsController } from '../customers/customer-commands.controller';
import { CustomerRepository } from '../customers/customer.repository';
import { TicketChanges } from '../tickets/ticket-changes';
import { TicketRepository } from '../tickets/ticket.repository';
import { TicketCommandsController } from './ticket-commands.controller';
import { SendAutomaticMessage } from './send-automatic-message.usecase';
import { TicketCommands } from './ticket-commands.service';

@Module({
  controllers: [TicketCommandsController, CustomerCommandsController],
  providers: [
    {
      provide: TicketCommands,
      inject: [TicketRepository, CustomerRepository, TicketChanges, AuditLog, EventPublisher],
      useFactory: (
        tickets: TicketRepository,
        customers: CustomerRepository,
        changes: TicketChanges,
        audit: AuditLog,
        publisher: EventPublisher,
      ) => new TicketCommands({ tickets, customers, changes, audit, publisher }),
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
