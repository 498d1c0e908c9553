import { AsyncResource } from 'node:async_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { matchedRoute } from './matched-route';

/** Probes and scrapes: counted like any request, but logged only at debug so they do not drown the access log. */
const QUIET_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * The access log line and the request metrics of every request, on both
 * listeners. The route is the template Express matched (`/api/v1/tickets/:id`),
 * never the raw path, so ids do not blow up the metric's labels; a request that
 * matched no route is `unmatched`. The line carries the correlation id (the
 * logger's mixin, in the request's context) and is PII-masked by the logger;
 * no headers or bodies are logged.
 */
export function httpObservation(metrics: PlatformMetrics, logger: Logger): RequestHandler {
  const log = logger.child({ component: 'http' });
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once(
      'finish',
      // Bound to the request's async context, so the correlation id is on the line.
      AsyncResource.bind(() => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const route = matchedRoute(req);
        const labels = { method: req.method, route, status: String(res.statusCode) };
        metrics.httpRequests.inc(labels);
        metrics.httpRequestSeconds.observe(labels, seconds);
        const line = {
          method: req.method,
          path: req.path,
          route,
          status: res.statusCode,
          durationMs: Math.round(seconds * 1e4) / 10,
        };
        if (res.statusCode >= 500) log.error(line, 'request failed');
        else if (QUIET_PATHS.has(req.path)) log.debug(line, 'request');
        else log.info(line, 'request');
      }),
    );
    next();
  };
}
