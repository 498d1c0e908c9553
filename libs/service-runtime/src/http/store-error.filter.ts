import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { mongo } from 'mongoose';
import { isTransientError } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';

/**
 * A request the store could not serve: while the store (or FerretDB's PostgreSQL) is down or
 * unreachable, 503 with `Retry-After` and a code that says so, not a bare 500. Anything else
 * the store refused is a fault of ours: 500, logged with the error.
 */
@Catch(mongo.MongoError)
export class StoreErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: mongo.MongoError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    const unavailable = isTransientError(error);
    if (unavailable) this.logger.warn({ err: error }, 'the store did not answer a request');
    else this.logger.error({ err: error }, 'the store refused a request');
    if (response.headersSent) {
      response.end();
      return;
    }
    if (unavailable) {
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .setHeader('Retry-After', '5')
        .json({ code: 'STORE_UNAVAILABLE', message: 'the store does not answer; try again shortly' });
      return;
    }
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
  }
}
