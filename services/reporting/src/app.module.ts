import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { reportingConfigSchema, type ReportingConfig } from './config';

/** Runs on the platform (config, Kafka, store, /health, /metrics); its features arrive with their issues. */
@Module({})
export class ReportingAppModule {}

export const reportingService: ServiceDefinition<ReportingConfig> = {
  name: 'reporting',
  configSchema: reportingConfigSchema,
  module: (config: ReportingConfig, logger: Logger): DynamicModule => ({
    module: ReportingAppModule,
    imports: [PlatformModule.forRoot({ service: 'reporting', config, logger })],
  }),
};
