import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type RefusalKind } from '@threadline/contracts';

const STATUS: Record<RefusalKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  gone: HttpStatus.GONE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** The HTTP edge of every service: a domain refusal answered with its kind's status and `{code, message, ...details}`. */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(STATUS[error.kind])
      .json({ code: error.code, message: error.message, ...error.details });
  }
}

/**
 * Nest's own refusals (a path nothing serves, an exception thrown with a bare message) in the same
 * shape as ours: `{code, message}`, the code named after the status (`NOT_FOUND`). An exception
 * thrown with a body keeps it; a body without a code gets the status's.
 */
@Catch(HttpException)
export class HttpRefusalFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const status = exception.getStatus();
    const answer = refusalBody(exception, status);
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).json(answer);
  }
}

function refusalBody(exception: HttpException, status: number): object {
  const code = HttpStatus[status] ?? `HTTP_${status}`;
  const body = exception.getResponse();
  if (typeof body !== 'object' || body === null) return { code, message: String(body) };
  if ('code' in body) return body;
  // Nest's own body (`{statusCode, message, error}`): the status is the answer's, the error its code.
  const { statusCode: _status, error: _error, ...rest } = body as Record<string, unknown>;
  return { code, message: exception.message, ...rest };
}
