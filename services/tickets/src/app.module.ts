import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { ticketsConfigSchema, type TicketsConfig } from './config';
import { CollectionsHoldsModule } from './collections-holds/collections-holds.module';
import { ContactIntakeModule } from './contact-intake/contact-intake.module';
import { DeliveryStatusModule } from './delivery-status/delivery-status.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { RetentionModule } from './retention/retention.module';
import { SlaStatusModule } from './sla-status/sla-status.module';
import { SurveysModule } from './surveys/surveys.module';
import { TicketCommandsModule } from './ticket-commands/ticket-commands.module';
import { TicketQueriesController } from './ticket-queries/ticket-queries.controller';
import { TicketsStoreModule } from './tickets/tickets-store.module';
import { systemTime, TIME_SOURCE, type TimeSource } from './time-source';

@Module({})
export class TicketsAppModule {}

/** The tickets service reading "now" for its scheduled work (retention) from `time`. */
export function ticketsServiceWith(time: TimeSource): ServiceDefinition<TicketsConfig> {
  return {
    name: 'tickets',
    configSchema: ticketsConfigSchema,
    module: (config: TicketsConfig, logger: Logger): DynamicModule => ({
      module: TicketsAppModule,
      global: true,
      imports: [
        PlatformModule.forRoot({ service: 'tickets', config, logger }),
        TicketsStoreModule,
        ContactIntakeModule,
        DeliveryStatusModule,
        SlaStatusModule,
        TicketCommandsModule,
        PersonalDataModule,
        RetentionModule,
        SurveysModule,
        CollectionsHoldsModule,
      ],
      controllers: [TicketQueriesController],
      providers: [{ provide: TIME_SOURCE, useValue: time }],
      exports: [TIME_SOURCE],
    }),
  };
}

export const ticketsService = ticketsServiceWith(systemTime);
