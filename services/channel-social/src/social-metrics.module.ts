import { Global, Module } from '@nestjs/common';
import { SocialMetrics } from './social-metrics';

@Global()
@Module({ providers: [SocialMetrics], exports: [SocialMetrics] })
export class SocialMetricsModule {}
