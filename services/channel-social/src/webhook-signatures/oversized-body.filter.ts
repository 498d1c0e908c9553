import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter, type HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Logger } from '@threadline/observability';
import type { SocialMetrics } from '../social-metrics';

/** The largest body read: a batched Messenger webhook or a 40,000-character Slack message with its blocks fit well. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

const TOO_LARGE = { code: 'PAYLOAD_TOO_LARGE', message: `body larger than ${WEBHOOK_BODY_LIMIT_BYTES} bytes` };

/**
 * A body over the limit is never read, so never verified, never published,
 * and recorded (route, size; nothing of the content). What the provider is
 * answered stops its retries, which would only bring the same bytes again:
 * Meta retries anything but a 200 for hours and then turns the subscription
 * off, so it gets its 200; Slack honours X-Slack-No-Retry, so it gets a 413
 * with that header. Any other route gets a plain 413 (not the 500 Nest would
 * give an error of the body parser). Every other error goes on as usual.
 */
@Catch()
export class OversizedBodyFilter extends BaseExceptionFilter {
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly metrics: SocialMetrics,
    private readonly logger: Logger,
  ) {
    super(adapterHost.httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!isTooLarge(exception) || host.getType() !== 'http') return super.catch(exception, host);
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const channel = request.path.startsWith('/webhooks/messenger')
      ? 'messenger'
      : request.path.startsWith('/webhooks/slack')
        ? 'slack'
        : 'other';
    this.metrics.rejected.inc({ channel, reason: 'too-large' });
    this.logger.warn(
      { path: request.path, bytes: Number(request.header('content-length')) || null, limit: WEBHOOK_BODY_LIMIT_BYTES },
      'request body over the limit; not read',
    );
    if (channel === 'messenger') {
      response.status(200).type('text/plain').send('EVENT_RECEIVED');
      return;
    }
    if (channel === 'slack') response.setHeader('X-Slack-No-Retry', '1');
    response.status(413).json(TOO_LARGE);
  }
}

/** body-parser's error for a body over its limit (http-errors' PayloadTooLargeError). */
function isTooLarge(exception: unknown): boolean {
  const e = exception as { type?: unknown; status?: unknown } | null;
  return !!e && e.type === 'entity.too.large' && e.status === 413;
}
