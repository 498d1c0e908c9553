import { runService } from '@threadline/service-runtime';
import { slaService } from './app.module';

void runService(slaService);
