import type { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';

export const routingConfigSchema = commonConfigSchema;
export type RoutingConfig = z.infer<typeof routingConfigSchema>;
