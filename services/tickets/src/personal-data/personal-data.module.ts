import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { AuditLog, type SubjectKeyStore } from '@threadline/persistence';
import { CONFIG, LOGGER, MONGO, SUBJECT_KEYS } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { CustomerRepository } from '../customers/customer.repository';
import { SurveyRepository } from '../surveys/survey.repository';
import { SurveysModule } from '../surveys/surveys.module';
import { TicketRepository } from '../tickets/ticket.repository';
import { ChannelCopiesClient } from './channel-copies.client';
import { CustomerDataStore } from './customer-data.store';
import { CustomerExportController } from './customer-export.controller';
import { EraseCustomer } from './erase-customer.usecase';
import { ExportArchiveStore } from './export-archive.store';
import { ExportCustomer } from './export-customer.usecase';
import { PersonalDataController } from './personal-data.controller';

/** RODO: a customer's data exported (Art. 15/20) and erased (Art. 17). */
@Module({
  imports: [SurveysModule],
  controllers: [PersonalDataController, CustomerExportController],
  providers: [
    // After the repositories: the store reuses the models they registered.
    {
      provide: CustomerDataStore,
      inject: [MONGO, CustomerRepository, TicketRepository],
      useFactory: (c: Connection) => new CustomerDataStore(c),
    },
    { provide: ExportArchiveStore, inject: [MONGO], useFactory: (c: Connection) => new ExportArchiveStore(c) },
    {
      provide: EraseCustomer,
      inject: [CustomerRepository, CustomerDataStore, AuditLog, EventPublisher, SUBJECT_KEYS],
      useFactory: (
        customers: CustomerRepository,
        store: CustomerDataStore,
        audit: AuditLog,
        publisher: EventPublisher,
        keys: SubjectKeyStore | null,
      ) => new EraseCustomer({ customers, store, audit, publisher, keys }),
    },
    {
      provide: ExportCustomer,
      inject: [
        CustomerRepository,
        TicketRepository,
        CustomerDataStore,
        ExportArchiveStore,
        AuditLog,
        SurveyRepository,
        LOGGER,
        CONFIG,
      ],
      useFactory: (
        customers: CustomerRepository,
        tickets: TicketRepository,
        store: CustomerDataStore,
        archives: ExportArchiveStore,
        audit: AuditLog,
        surveys: SurveyRepository,
        logger: Logger,
        config: TicketsConfig,
      ) =>
        new ExportCustomer({
          channels: new ChannelCopiesClient(
            { email: config.CHANNEL_EMAIL_URL, voice: config.CHANNEL_VOICE_URL },
            config.SERVICE_TOKEN_SECRET,
          ),
          customers,
          tickets,
          store,
          archives,
          audit,
          surveys,
          logger,
          ttlMs: config.TICKETS_EXPORT_TTL_HOURS * 3_600_000,
        }),
    },
  ],
  exports: [CustomerDataStore],
})
export class PersonalDataModule {}
