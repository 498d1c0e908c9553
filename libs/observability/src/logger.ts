import pino, { type Logger } from 'pino';
import { currentCorrelation } from './correlation';

export type { Logger } from 'pino';

/**
 * JSON logs, one line each, carrying the service name and the correlation id of
 * whatever request or event is being handled. Known secret fields are redacted.
 */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
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
    },
    destination,
  );
}
