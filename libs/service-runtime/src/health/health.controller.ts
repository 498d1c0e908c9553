import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { PlatformMetrics } from '@threadline/observability';
import { METRICS, SERVICE_NAME } from '../tokens';
import { PublicRoute } from '../http/route-doors';
import { HealthRegistry } from './health-registry';
import { z } from 'zod';
import { ApiRoute } from '../http/api-route';

const healthLiveAnswer = z.looseObject({ service: z.string(), status: z.literal('ok'), uptimeSeconds: z.number() });
const healthAnswer = z.looseObject({
  service: z.string(),
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.string()).describe('"ok" or what failed, per check'),
});

/**
 * Liveness and readiness apart, so an orchestrator restarts a process only
 * when the process itself is stuck, and stops sending it traffic when its own
 * dependencies (Kafka, the store, its consumers) do not answer. A tenant's
 * problem (a mailbox, a Page) is in neither: it is on the admin APIs.
 */
@Controller()
@PublicRoute({ guard: 'none-needed', why: 'probes and Prometheus: states and counters, no personal data, changes nothing' })
export class HealthController {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** 200 whenever the event loop answers: no dependency is checked, so an outage elsewhere never restarts this pod. */
  @ApiRoute({
    tag: 'meta',
    summary: 'Liveness: the process answers; no dependency is checked',
    success: { status: 200, description: '{service, status: "ok", uptimeSeconds}', schema: healthLiveAnswer },
  })
  @Get('health/live')
  live(): { service: string; status: 'ok'; uptimeSeconds: number } {
    return { service: this.service, status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** 200 when every real dependency answers, 503 naming the ones that do not. */
  @ApiRoute({
    tag: 'meta',
    summary: 'Readiness: Kafka, the store and the consumers checked for real; 503 names what fails',
    success: { status: 200, description: '{service, status, checks}', schema: healthAnswer },
    errors: { 503: '{service, status: "unavailable", checks} — the failing checks say why' },
  })
  @Get('health/ready')
  ready(@Res() res: Response): Promise<void> {
    return this.readiness(res);
  }

  /** Readiness under its old name, for probes and scripts written before the split. */
  @ApiRoute({
    tag: 'meta',
    summary: 'Readiness under its old name (same as /health/ready)',
    success: { status: 200, description: '{service, status, checks}', schema: healthAnswer },
    errors: { 503: '{service, status: "unavailable", checks} — the failing checks say why' },
  })
  @Get('health')
  check(@Res() res: Response): Promise<void> {
    return this.readiness(res);
  }

  @ApiRoute({
    tag: 'meta',
    summary: 'Prometheus metrics',
    success: { status: 200, description: 'Prometheus text format', contentType: 'text/plain' },
  })
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  private async readiness(res: Response): Promise<void> {
    const { healthy, checks } = await this.health.run();
    res
      .status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ service: this.service, status: healthy ? 'ok' : 'unavailable', checks });
  }
}
