import type { z } from 'zod';
import { commonConfigSchema } from '@threadline/config';

export const channelVoiceConfigSchema = commonConfigSchema;
export type ChannelVoiceConfig = z.infer<typeof channelVoiceConfigSchema>;
