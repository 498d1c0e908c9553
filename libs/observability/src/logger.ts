import pino, { type Logger } from 'pino';
import { currentCorrelation } from './correlation';
import { maskPii } from './pii-mask';

export type { Logger } from 'pino';

/**
 * JSON logs, one line each, carrying the service name and the correlation id of
 * whatever request or event is being handled. Known secret fields are redacted,
 * and customers' e-mail addresses and phone numbers are masked wherever they
 * appear in the line (fields, messages, errors) unless `maskPii` is false.
 */
export function createLogger(
  service: string,
  level = 'info',
  destination?: pino.DestinationStream,
  options: { maskPii?: boolean } = {},
): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const ctx = currentCorrelation();
        return ctx ? { correlationId: ctx.correlationId, ...(ctx.workspaceId ? { workspaceId: ctx.workspaceId } : {}) } : {};
      },
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'secret', '*.secret'],
        censor: '[redacted]',
      },
      // On the finished line, so nothing escapes it: nested objects, serialised errors, child bindings.
      ...(options.maskPii === false ? {} : { hooks: { streamWrite: maskPii } }),
    },
    destination,
  );
}
