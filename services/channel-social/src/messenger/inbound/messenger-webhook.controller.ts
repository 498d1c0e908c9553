import { createHash, timingSafeEqual } from 'node:crypto';
import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@threadline/observability';
import { LOGGER, PublicRoute } from '@threadline/service-runtime';
import { MESSENGER_SETTINGS } from '../pages/messenger.tokens';
import { PageDirectory } from '../pages/page-directory';
import type { MessengerSettings } from '../../config';
import { SocialMetrics } from '../../social-metrics';
import { META_SIGNATURE_HEADER } from '../../webhook-signatures/meta-signature';
import { verifyMessengerWebhook } from '../../webhook-signatures/messenger-webhook-verifier';
import type { RequestWithRawBody } from '../../webhook-signatures/raw-body';
import { messengerWebhookSchema, type MessengerWebhook } from './messenger-webhook';
import { ReceiveMessengerWebhook } from './receive-messenger-webhook.usecase';

/** Meta's webhook for our Pages: the subscription check, and signed events answered once they are on Kafka. */
@Controller('webhooks/messenger')
@PublicRoute({ guard: 'signature' })
export class MessengerWebhookController {
  constructor(
    @Inject(MESSENGER_SETTINGS) private readonly settings: MessengerSettings,
    private readonly pages: PageDirectory,
    private readonly receive: ReceiveMessengerWebhook,
    private readonly metrics: SocialMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  subscribe(
    @Query('hub.mode') mode: string | undefined,
    @Query('hub.verify_token') token: string | undefined,
    @Query('hub.challenge') challenge: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): string {
    if (
      mode === 'subscribe' &&
      typeof token === 'string' &&
      sameSecret(token, this.settings.verifyToken) &&
      typeof challenge === 'string'
    ) {
      return plainText(response, challenge);
    }
    this.logger.warn({ mode }, 'Messenger subscription check refused');
    throw new ForbiddenException({ code: 'BAD_VERIFY_TOKEN', message: 'verify token does not match' });
  }

  @Post()
  @HttpCode(200)
  async events(@Req() request: RequestWithRawBody, @Res({ passthrough: true }) response: Response): Promise<string> {
    const webhook = parseWebhook(request.rawBody);
    const verdict = await verifyMessengerWebhook(this.pages, webhook, request.rawBody, request.header(META_SIGNATURE_HEADER));
    if (verdict === 'forged') {
      this.metrics.rejected.inc({ channel: 'messenger', reason: 'forged' });
      this.logger.warn({ signed: Boolean(request.header(META_SIGNATURE_HEADER)) }, 'Messenger webhook refused: bad signature');
      throw new ForbiddenException({ code: 'BAD_META_SIGNATURE', message: 'signature does not match' });
    }
    if (verdict === 'no-known-page') {
      this.metrics.received.inc({ channel: 'messenger', outcome: 'unknown-page' });
      this.logger.warn({ pages: webhook.entry.map((e) => e.id) }, 'Messenger webhook for Pages no workspace owns; dropped');
      return plainText(response, 'EVENT_RECEIVED');
    }
    await this.receive.execute(webhook);
    return plainText(response, 'EVENT_RECEIVED');
  }
}

/** Meta's expected answers are plain text; set only on them, so a refusal's JSON is labelled as JSON. */
function plainText(response: Response, text: string): string {
  response.type('text/plain; charset=utf-8');
  return text;
}

function parseWebhook(raw: Buffer | undefined): MessengerWebhook {
  let json: unknown;
  try {
    json = JSON.parse(raw?.toString('utf8') ?? '');
  } catch {
    throw new BadRequestException({ code: 'INVALID_MESSENGER_WEBHOOK', message: 'body is not JSON' });
  }
  const parsed = messengerWebhookSchema.safeParse(json);
  if (!parsed.success) {
    throw new BadRequestException({ code: 'INVALID_MESSENGER_WEBHOOK', message: 'not a Messenger webhook (object, entry[])' });
  }
  return parsed.data;
}

/** Constant-time equality of two secrets of any length (hashes first, so lengths leak nothing). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
