import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from '@threadline/observability';
import { MONGO, PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { reportingConfigSchema, type ReportingConfig } from './config';
import { ProjectionModule } from './projection/projection.module';
import { ReadModelStore } from './read-models/read-model-store';
import { BuildReport } from './reports/build-report.usecase';
import { ReportsController } from './reports/reports.controller';

@Global()
@Module({})
class ReadModelsModule {}

@Module({})
export class ReportingAppModule {}

/** The office's figures: read models projected from contact and ticket events, and the reports over them. */
export const reportingService: ServiceDefinition<ReportingConfig> = {
  name: 'reporting',
  configSchema: reportingConfigSchema,
  module: (config: ReportingConfig, logger: Logger): DynamicModule => ({
    module: ReportingAppModule,
    imports: [
      PlatformModule.forRoot({ service: 'reporting', config, logger }),
      {
        module: ReadModelsModule,
        providers: [{ provide: ReadModelStore, inject: [MONGO], useFactory: (c: Connection) => new ReadModelStore(c) }],
        exports: [ReadModelStore],
      },
      { module: ProjectionModule },
    ],
    controllers: [ReportsController],
    providers: [{ provide: BuildReport, inject: [ReadModelStore], useFactory: (s: ReadModelStore) => new BuildReport(s) }],
  }),
};
