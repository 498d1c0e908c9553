import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { PlatformMetrics } from '@threadline/observability';
import { METRICS, SERVICE_NAME } from '../tokens';
import { PublicRoute } from '../http/route-doors';
import { HealthRegistry } from './health-registry';

@Controller()
@PublicRoute({ guard: 'none-needed', why: 'probes and Prometheus: states and counters, no personal data, changes nothing' })
export class HealthController {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** 200 when every real dependency answers, 503 naming the ones that do not. */
  @Get('health')
  async check(@Res() res: Response): Promise<void> {
    const { healthy, checks } = await this.health.run();
    res
      .status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ service: this.service, status: healthy ? 'ok' : 'unavailable', checks });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
