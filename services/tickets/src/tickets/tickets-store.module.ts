import { Global, Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import { AuditLog } from '@threadline/persistence';
import { MONGO } from '@threadline/service-runtime';
import { CustomerRepository } from '../customers/customer.repository';
import { IdentifyCustomer } from '../customers/identify-customer';
import { MergeCustomers } from '../customers/merge-customers';
import { TicketChanges } from './ticket-changes';
import { TicketRepository } from './ticket.repository';

/** The tickets service's persistence and the domain services every entry point (consumer, HTTP) shares. */
@Global()
@Module({
  providers: [
    { provide: CustomerRepository, inject: [MONGO], useFactory: (c: Connection) => new CustomerRepository(c) },
    { provide: TicketRepository, inject: [MONGO], useFactory: (c: Connection) => new TicketRepository(c) },
    { provide: AuditLog, inject: [MONGO], useFactory: (c: Connection) => new AuditLog(c) },
    {
      provide: TicketChanges,
      inject: [TicketRepository, AuditLog, EventPublisher],
      useFactory: (tickets: TicketRepository, audit: AuditLog, publisher: EventPublisher) => new TicketChanges(tickets, audit, publisher),
    },
    {
      provide: MergeCustomers,
      inject: [CustomerRepository, TicketRepository, AuditLog, EventPublisher],
      useFactory: (customers: CustomerRepository, tickets: TicketRepository, audit: AuditLog, publisher: EventPublisher) =>
        new MergeCustomers({ customers, tickets, audit, publisher }),
    },
    {
      provide: IdentifyCustomer,
      inject: [CustomerRepository, MergeCustomers],
      useFactory: (customers: CustomerRepository, merge: MergeCustomers) => new IdentifyCustomer(customers, merge),
    },
  ],
  exports: [CustomerRepository, TicketRepository, AuditLog, TicketChanges, MergeCustomers, IdentifyCustomer],
})
export class TicketsStoreModule {}
