import { runService } from '@threadline/service-runtime';
import { channelSocialService } from './app.module';

void runService(channelSocialService);
