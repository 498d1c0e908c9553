import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { ClocksModule } from './clocks/clocks.module';
import { systemTime, TIME_SOURCE, type TimeSource } from './clocks/time-source';
import { slaConfigSchema, type SlaConfig } from './config';
import { EscalationModule } from './escalation/escalation.module';
import { PoliciesModule } from './policies/policies.module';

@Module({})
export class SlaAppModule {}

/** The sla service reading "now" from `time` (tests pass a clock they move by hand). */
export function slaServiceWith(time: TimeSource): ServiceDefinition<SlaConfig> {
  return {
    name: 'sla',
    configSchema: slaConfigSchema,
    module: (config: SlaConfig, logger: Logger): DynamicModule => ({
      module: SlaAppModule,
      global: true,
      imports: [PlatformModule.forRoot({ service: 'sla', config, logger }), PoliciesModule, ClocksModule, EscalationModule],
      providers: [{ provide: TIME_SOURCE, useValue: time }],
      exports: [TIME_SOURCE],
    }),
  };
}

export const slaService = slaServiceWith(systemTime);
