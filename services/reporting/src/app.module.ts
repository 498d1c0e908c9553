import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { Counter } from 'prom-client';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { KAFKA, METRICS, MONGO, PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { reportingConfigSchema, type ReportingConfig } from './config';
import { ContactReasonsModule } from './contact-reasons/contact-reasons.module';
import { ProjectionModule, REPORTING_ADMIN } from './projection/projection.module';
import { RebuildProgress } from './projection/rebuild';
import { ProjectionMarkerStore } from './read-models/projection-marker';
import { ReadModelStore } from './read-models/read-model-store';
import { BuildReport } from './reports/build-report.usecase';
import { ReportsController } from './reports/reports.controller';
import { AgentTeamStore } from './teams/agent-team-store';
import { TeamsModule } from './teams/teams.module';
import { WallboardController } from './wallboard/wallboard.controller';

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
        providers: [
          {
            provide: ReadModelStore,
            inject: [MONGO, METRICS],
            useFactory: (c: Connection, metrics: PlatformMetrics) => {
              // Documents a report reads: the load-independent measure of a report's cost on FerretDB (each is decoded there).
              const read = new Counter({
                name: 'threadline_reporting_documents_read_total',
                help: 'Counter documents read by reports, by placement (day, month, year, backlog)',
                labelNames: ['placement'],
                registers: [metrics.registry],
              });
              return new ReadModelStore(c, (placement, documents) => read.inc({ placement }, documents));
            },
          },
          { provide: ProjectionMarkerStore, inject: [MONGO], useFactory: (c: Connection) => new ProjectionMarkerStore(c) },
          { provide: AgentTeamStore, inject: [MONGO], useFactory: (c: Connection) => new AgentTeamStore(c) },
          {
            provide: REPORTING_ADMIN,
            inject: [KAFKA],
            useFactory: async (kafka: Kafka) => {
              const admin = kafka.admin();
              await admin.connect();
              return admin;
            },
          },
          {
            provide: RebuildProgress,
            inject: [ProjectionMarkerStore, REPORTING_ADMIN],
            useFactory: (markers: ProjectionMarkerStore, admin: Admin) => new RebuildProgress(markers, admin),
          },
        ],
        exports: [ReadModelStore, ProjectionMarkerStore, AgentTeamStore, REPORTING_ADMIN, RebuildProgress],
      },
      { module: ProjectionModule },
      ContactReasonsModule,
      TeamsModule,
    ],
    controllers: [ReportsController, WallboardController],
    providers: [
      {
        provide: BuildReport,
        inject: [ReadModelStore, AgentTeamStore],
        useFactory: (s: ReadModelStore, teams: AgentTeamStore) => new BuildReport(s, teams),
      },
    ],
  }),
};
