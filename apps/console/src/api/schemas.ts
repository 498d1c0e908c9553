import type { components, operations } from './generated/agent-api';

/** The agent API's answers, by the names of the OpenAPI document's schemas (generated/agent-api.ts). */
export type Schemas = components['schemas'];
export type TicketListQuery = NonNullable<operations['getApiV1Tickets']['parameters']['query']>;
