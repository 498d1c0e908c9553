import { platformOnlyService } from '@threadline/service-runtime';
import { channelVoiceConfigSchema, type ChannelVoiceConfig } from './config';

/** Runs on the platform; its features arrive with their issues. */
export const channelVoiceService = platformOnlyService<ChannelVoiceConfig>('channel-voice', channelVoiceConfigSchema);
