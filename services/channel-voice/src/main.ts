import { runService } from '@threadline/service-runtime';
import { channelVoiceService } from './app.module';

void runService(channelVoiceService);
