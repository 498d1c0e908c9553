import { platformOnlyService } from '@threadline/service-runtime';
import { channelSocialConfigSchema, type ChannelSocialConfig } from './config';

/** Runs on the platform; its features arrive with their issues. */
export const channelSocialService = platformOnlyService<ChannelSocialConfig>('channel-social', channelSocialConfigSchema);
