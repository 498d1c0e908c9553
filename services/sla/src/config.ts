import { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';

export const slaConfigSchema = commonConfigSchema.extend({
  SLA_CONSUMER_GROUP: z.string().min(1).default('sla'),
  /** How long a workspace's policies and calendar are kept in memory before they are read again. */
  SLA_POLICY_CACHE_MS: z.coerce.number().int().min(0).default(5000),
});
export type SlaConfig = z.infer<typeof slaConfigSchema>;
