import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { slaConfigSchema, type SlaConfig } from './config';
import { PoliciesModule } from './policies/policies.module';

@Module({})
export class SlaAppModule {}

export const slaService: ServiceDefinition<SlaConfig> = {
  name: 'sla',
  configSchema: slaConfigSchema,
  module: (config: SlaConfig, logger: Logger): DynamicModule => ({
    module: SlaAppModule,
    imports: [PlatformModule.forRoot({ service: 'sla', config, logger }), PoliciesModule],
  }),
};
