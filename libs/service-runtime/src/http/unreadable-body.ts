import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@threadline/contracts';

/**
 * A JSON body that does not parse is a refusal like any other (`{code, message}` with 400), not
 * Nest's own `{statusCode, message, error}`. Other errors of the body parsers go on unchanged
 * (a body over the limit has its own answers, see channel-social's webhooks).
 */
export function unreadableBody(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const e = error as { type?: unknown; message?: unknown } | null;
  if (e?.type === 'entity.parse.failed') {
    next(new DomainError('invalid', 'INVALID_JSON', `the body is not valid JSON: ${String(e.message)}`));
    return;
  }
  next(error);
}
