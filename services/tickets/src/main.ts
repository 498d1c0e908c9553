import { runService } from '@threadline/service-runtime';
import { ticketsService } from './app.module';

void runService(ticketsService);
