import { platformOnlyService } from '@threadline/service-runtime';
import { slaConfigSchema, type SlaConfig } from './config';

/** Runs on the platform; its features arrive with their issues. */
export const slaService = platformOnlyService<SlaConfig>('sla', slaConfigSchema);
