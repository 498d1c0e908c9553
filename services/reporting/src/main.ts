import { runService } from '@threadline/service-runtime';
import { reportingService } from './app.module';

void runService(reportingService);
