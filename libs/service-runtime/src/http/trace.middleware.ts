import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { failSpan, SpanKind, traceContextFrom, tracingEnabled, withSpan } from '@threadline/observability';
import { matchedRoute } from './matched-route';

/**
 * A server span per request, continuing the caller's trace (W3C `traceparent`:
 * a provider's webhook rarely sends one, another service always does), named
 * by the route template once Express has matched it. Passes straight through
 * when tracing is off.
 */
export function httpTracing(service: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!tracingEnabled()) return next();
    withSpan(
      req.method,
      {
        kind: SpanKind.SERVER,
        parent: traceContextFrom(req.headers),
        attributes: { 'http.request.method': req.method, 'url.path': req.path, 'threadline.service': service },
      },
      (span) => {
        res.once('finish', () => {
          const route = matchedRoute(req);
          span?.updateName(`${req.method} ${route}`);
          span?.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
          if (res.statusCode >= 500) failSpan(span, `HTTP ${res.statusCode}`);
          span?.end();
        });
        next();
      },
    );
  };
}
