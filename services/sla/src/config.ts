import type { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';

export const slaConfigSchema = commonConfigSchema;
export type SlaConfig = z.infer<typeof slaConfigSchema>;
