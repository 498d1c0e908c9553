import { ForbiddenException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import twilio from 'twilio';
import type { Logger } from '@threadline/observability';
import { LOGGER } from '@threadline/service-runtime';
import type { TwilioAccount } from '../config';
import { TWILIO_ACCOUNT } from '../twilio/twilio-account.token';
import { VoiceMetrics } from '../voice-metrics';
import { parseTwilioForm, type RequestWithRawBody } from './twilio-form';

/**
 * Lets through only requests Twilio signed with our auth token. The URL is
 * PUBLIC_BASE_URL + the path and query we received: behind a proxy the Host
 * header names the proxy, not what Twilio signed (a path prefix the proxy
 * strips belongs in PUBLIC_BASE_URL).
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(
    @Inject(TWILIO_ACCOUNT) private readonly account: TwilioAccount,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: VoiceMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithRawBody>();
    const signature = request.header(twilio.SIGNATURE_HEADER) ?? '';
    const url = `${this.account.publicBaseUrl}${request.originalUrl}`;
    const algorithm = twilio.getSignatureAlgorithm(request.header(twilio.SIGNATURE_SETTINGS_HEADER));
    const valid =
      signature !== '' &&
      twilio.validateRequest(this.account.authToken, signature, url, parseTwilioForm(request.rawBody), algorithm);
    if (valid) return true;
    this.metrics.webhooksRejected.inc({ path: request.path });
    this.logger.warn({ path: request.path, signed: signature !== '' }, 'Twilio webhook refused: bad signature');
    throw new ForbiddenException({ code: 'BAD_TWILIO_SIGNATURE', message: 'signature does not match' });
  }
}
