import { Module } from '@nestjs/common';
import type { z } from 'zod';
import type { CommonConfig } from '@threadline/config';
import type { ServiceDefinition } from './bootstrap';
import { PlatformModule } from './platform.module';

@Module({})
class PlatformOnlyAppModule {}

/**
 * A service that runs on the platform (config, Kafka, store, /health,
 * /metrics, graceful shutdown) before its own features exist.
 */
export function platformOnlyService<C extends CommonConfig>(
  name: string,
  configSchema: z.ZodType<C> & z.ZodObject,
): ServiceDefinition<C> {
  return {
    name,
    configSchema,
    module: (config, logger) => ({
      module: PlatformOnlyAppModule,
      imports: [PlatformModule.forRoot({ service: name, config, logger })],
    }),
  };
}
