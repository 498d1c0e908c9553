import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import { AuditLog } from '@threadline/persistence';
import { CONFIG, MONGO } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { TicketRepository } from '../tickets/ticket.repository';
import { AcknowledgeNewTicket } from './acknowledge-new-ticket.usecase';
import { AcknowledgementsController } from './acknowledgements.controller';
import { AcknowledgementSettingsRepository } from './acknowledgement-settings.repository';
import { AcknowledgementSettingsSource, defaultSettings } from './acknowledgement-settings';
import { ManageAcknowledgements } from './manage-acknowledgements.usecase';

/** Per-workspace acknowledgements of new tickets: their settings (admin API) and the use case intake runs. */
@Module({
  controllers: [AcknowledgementsController],
  providers: [
    {
      provide: AcknowledgementSettingsRepository,
      inject: [MONGO],
      useFactory: (c: Connection) => new AcknowledgementSettingsRepository(c),
    },
    {
      provide: AcknowledgementSettingsSource,
      inject: [AcknowledgementSettingsRepository, CONFIG],
      useFactory: (repository: AcknowledgementSettingsRepository, config: TicketsConfig) =>
        new AcknowledgementSettingsSource(
          repository,
          defaultSettings({ emailEnabled: config.TICKETS_EMAIL_ACKNOWLEDGEMENT, language: config.TICKETS_DEFAULT_LANGUAGE }),
          config.TICKETS_ACKNOWLEDGEMENT_SETTINGS_CACHE_MS,
        ),
    },
    {
      provide: ManageAcknowledgements,
      inject: [AcknowledgementSettingsRepository, AcknowledgementSettingsSource, AuditLog],
      useFactory: (repository: AcknowledgementSettingsRepository, source: AcknowledgementSettingsSource, audit: AuditLog) =>
        new ManageAcknowledgements({ repository, source, audit }),
    },
    {
      provide: AcknowledgeNewTicket,
      inject: [TicketRepository, EventPublisher, AcknowledgementSettingsSource],
      useFactory: (tickets: TicketRepository, publisher: EventPublisher, settings: AcknowledgementSettingsSource) =>
        new AcknowledgeNewTicket(tickets, publisher, settings),
    },
  ],
  exports: [AcknowledgeNewTicket],
})
export class AcknowledgementsModule {}
