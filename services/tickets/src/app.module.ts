import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { ticketsConfigSchema, type TicketsConfig } from './config';
import { CollectionsHoldsModule } from './collections-holds/collections-holds.module';
import { ContactIntakeModule } from './contact-intake/contact-intake.module';
import { DeliveryStatusModule } from './delivery-status/delivery-status.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { SlaStatusModule } from './sla-status/sla-status.module';
import { SurveysModule } from './surveys/surveys.module';
import { TicketCommandsModule } from './ticket-commands/ticket-commands.module';
import { TicketQueriesController } from './ticket-queries/ticket-queries.controller';
import { TicketsStoreModule } from './tickets/tickets-store.module';

@Module({})
export class TicketsAppModule {}

export const ticketsService: ServiceDefinition<TicketsConfig> = {
  name: 'tickets',
  configSchema: ticketsConfigSchema,
  module: (config: TicketsConfig, logger: Logger): DynamicModule => ({
    module: TicketsAppModule,
    imports: [
      PlatformModule.forRoot({ service: 'tickets', config, logger }),
      TicketsStoreModule,
      ContactIntakeModule,
      DeliveryStatusModule,
      SlaStatusModule,
      TicketCommandsModule,
      PersonalDataModule,
      SurveysModule,
      CollectionsHoldsModule,
    ],
    controllers: [TicketQueriesController],
  }),
};
