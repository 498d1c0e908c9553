import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import { AuditLog, type SubjectKeyStore } from '@threadline/persistence';
import { MONGO, SUBJECT_KEYS } from '@threadline/service-runtime';
import { CustomerRepository } from '../customers/customer.repository';
import { EraseCustomer } from './erase-customer.usecase';
import { ErasureStore } from './erasure.store';
import { PersonalDataController } from './personal-data.controller';

/** RODO: erasure of a customer's data (export and retention come next). */
@Module({
  controllers: [PersonalDataController],
  providers: [
    { provide: ErasureStore, inject: [MONGO, CustomerRepository], useFactory: (c: Connection) => new ErasureStore(c) },
    {
      provide: EraseCustomer,
      inject: [CustomerRepository, ErasureStore, AuditLog, EventPublisher, SUBJECT_KEYS],
      useFactory: (
        customers: CustomerRepository,
        store: ErasureStore,
        audit: AuditLog,
        publisher: EventPublisher,
        keys: SubjectKeyStore | null,
      ) => new EraseCustomer({ customers, store, audit, publisher, keys }),
    },
  ],
})
export class PersonalDataModule {}
