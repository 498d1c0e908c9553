import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { slaConfigSchema, type SlaConfig } from './config';

/** Runs on the platform (config, Kafka, store, /health, /metrics); its features arrive with their issues. */
@Module({})
export class SlaAppModule {}

export const slaService: ServiceDefinition<SlaConfig> = {
  name: 'sla',
  configSchema: slaConfigSchema,
  module: (config: SlaConfig, logger: Logger): DynamicModule => ({
    module: SlaAppModule,
    imports: [PlatformModule.forRoot({ service: 'sla', config, logger })],
  }),
};
