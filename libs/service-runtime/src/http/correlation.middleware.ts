import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, newCorrelationId, withCorrelation } from '@threadline/observability';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every request runs with a correlation id: the caller's, if sane, or a new one. Echoed back. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(CORRELATION_HEADER);
  const correlationId = incoming && VALID_ID.test(incoming) ? incoming : newCorrelationId();
  res.setHeader(CORRELATION_HEADER, correlationId);
  withCorrelation({ correlationId }, next);
}
