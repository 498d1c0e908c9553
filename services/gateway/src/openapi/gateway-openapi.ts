import { HealthController } from '@threadline/service-runtime';
import { GATEWAY_CONTROLLERS } from '../gateway-controllers';
import { buildOpenApiDocument } from './openapi-document';

/** The document without a running gateway (the console's client is generated from it at build time). */
export const gatewayOpenApiDocument = () => buildOpenApiDocument('1', [...GATEWAY_CONTROLLERS, HealthController]);
