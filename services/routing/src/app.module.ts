import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { systemTime, type TimeSource } from '@threadline/persistence';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { AssignmentModule } from './assignment/assignment.module';
import { AutomationModule } from './automation/automation.module';
import { CallOffersModule } from './call-offers/call-offers.module';
import { routingConfigSchema, type RoutingConfig } from './config';
import { RulesModule } from './rules/rules.module';
import { ROUTING_TIME } from './time-triggers/routing-time';

@Module({})
export class RoutingAppModule {}

/** Routing rules that admins write, run on every ticket event, acting through the tickets service; time rules read `time`. */
export function routingServiceWith(time: TimeSource): ServiceDefinition<RoutingConfig> {
  return {
    name: 'routing',
    configSchema: routingConfigSchema,
    module: (config: RoutingConfig, logger: Logger): DynamicModule => ({
      module: RoutingAppModule,
      global: true,
      imports: [
        PlatformModule.forRoot({ service: 'routing', config, logger }),
        RulesModule,
        AutomationModule,
        AssignmentModule,
        CallOffersModule,
      ],
      providers: [{ provide: ROUTING_TIME, useValue: time }],
      exports: [ROUTING_TIME],
    }),
  };
}

export const routingService = routingServiceWith(systemTime);
