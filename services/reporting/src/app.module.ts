import { platformOnlyService } from '@threadline/service-runtime';
import { reportingConfigSchema, type ReportingConfig } from './config';

/** Runs on the platform; its features arrive with their issues. */
export const reportingService = platformOnlyService<ReportingConfig>('reporting', reportingConfigSchema);
