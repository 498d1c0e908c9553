import type { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';

export const channelSocialConfigSchema = commonConfigSchema;
export type ChannelSocialConfig = z.infer<typeof channelSocialConfigSchema>;
