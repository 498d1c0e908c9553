import { Global, Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@threadline/service-runtime';
import { CustomerRepository } from '../customers/customer.repository';
import { TicketRepository } from './ticket.repository';

/** The tickets service's persistence: repositories over its own database. */
@Global()
@Module({
  providers: [
    { provide: CustomerRepository, inject: [MONGO], useFactory: (c: Connection) => new CustomerRepository(c) },
    { provide: TicketRepository, inject: [MONGO], useFactory: (c: Connection) => new TicketRepository(c) },
  ],
  exports: [CustomerRepository, TicketRepository],
})
export class TicketsStoreModule {}
