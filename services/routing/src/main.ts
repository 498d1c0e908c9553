import { runService } from '@threadline/service-runtime';
import { routingService } from './app.module';

void runService(routingService);
