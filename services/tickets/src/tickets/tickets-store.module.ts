import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import { AuditLog } from '@threadline/persistence';
import type { Logger } from '@threadline/observability';
import { LOGGER, MONGO } from '@threadline/service-runtime';
import { upgradeStore } from '../migrations/upgrade-store';
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
      useFactory: (tickets: TicketRepository, audit: AuditLog, publisher: EventPublisher) =>
        new TicketChanges(tickets, audit, publisher),
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
export class TicketsStoreModule implements OnModuleInit {
  constructor(
    @Inject(MONGO) private readonly connection: Connection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs before the consumers start (they start at application bootstrap). */
  async onModuleInit(): Promise<void> {
    const upgraded = await upgradeStore(this.connection);
    if (upgraded.tickets + upgraded.customers + upgraded.links > 0)
      this.logger.info(upgraded, 'store upgraded to the current document shape');
  }
}
