import { runService } from '@threadline/service-runtime';
import { gatewayService } from './app.module';

void runService(gatewayService);
