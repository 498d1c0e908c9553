import { Module } from '@nestjs/common';
import { PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { AssignmentModule } from './assignment/assignment.module';
import { AutomationModule } from './automation/automation.module';
import { routingConfigSchema, type RoutingConfig } from './config';
import { RulesModule } from './rules/rules.module';

@Module({})
export class RoutingAppModule {}

/** Routing rules that admins write, run on every ticket event, acting through the tickets service. */
export const routingService: ServiceDefinition<RoutingConfig> = {
  name: 'routing',
  configSchema: routingConfigSchema,
  module: (config, logger) => ({
    module: RoutingAppModule,
    imports: [PlatformModule.forRoot({ service: 'routing', config, logger }), RulesModule, AutomationModule, AssignmentModule],
  }),
};
