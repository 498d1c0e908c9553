import { runService } from '@threadline/service-runtime';
import { channelEmailService } from './app.module';

void runService(channelEmailService);
