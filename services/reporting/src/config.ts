import type { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';

export const reportingConfigSchema = commonConfigSchema;
export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
