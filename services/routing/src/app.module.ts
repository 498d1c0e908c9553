import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { routingConfigSchema, type RoutingConfig } from './config';

/** Runs on the platform (config, Kafka, store, /health, /metrics); its features arrive with their issues. */
@Module({})
export class RoutingAppModule {}

export const routingService: ServiceDefinition<RoutingConfig> = {
  name: 'routing',
  configSchema: routingConfigSchema,
  module: (config: RoutingConfig, logger: Logger): DynamicModule => ({
    module: RoutingAppModule,
    imports: [PlatformModule.forRoot({ service: 'routing', config, logger })],
  }),
};
