import { platformOnlyService } from '@threadline/service-runtime';
import { routingConfigSchema, type RoutingConfig } from './config';

/** Runs on the platform; its features arrive with their issues. */
export const routingService = platformOnlyService<RoutingConfig>('routing', routingConfigSchema);
