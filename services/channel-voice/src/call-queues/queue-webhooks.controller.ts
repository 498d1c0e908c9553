import { Controller, Header, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { handleOrBadRequest } from '../twilio-webhooks/invalid-webhook.error';
import { parseTwilioForm, type RequestWithRawBody } from '../twilio-webhooks/twilio-form';
import { TwilioSignatureGuard } from '../twilio-webhooks/twilio-signature.guard';
import { QueueCalls } from './queue-calls.usecase';

/** Twilio's queue callbacks: the wait URL, the Enqueue action, the end of the dial to the agent. */
@Controller('webhooks/twilio/voice')
@PublicRoute({ guard: 'signature' })
@UseGuards(TwilioSignatureGuard)
export class QueueWebhooksController {
  constructor(private readonly queueCalls: QueueCalls) {}

  @Post('wait')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  wait(@Req() request: RequestWithRawBody, @Query('queue') queue = ''): Promise<string> {
    return handleOrBadRequest(() => this.queueCalls.wait(parseTwilioForm(request.rawBody), queue));
  }

  @Post('queue-result')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  queueResult(@Req() request: RequestWithRawBody, @Query('queue') queue = ''): Promise<string> {
    return handleOrBadRequest(() => this.queueCalls.queueResult(parseTwilioForm(request.rawBody), queue));
  }

  @Post('after-wait')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  afterWait(@Req() request: RequestWithRawBody, @Query('queue') queue = ''): Promise<string> {
    return handleOrBadRequest(() => this.queueCalls.afterWait(parseTwilioForm(request.rawBody), queue));
  }

  @Post('dial-done')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  dialDone(@Req() request: RequestWithRawBody, @Query('queue') queue = ''): Promise<string> {
    return handleOrBadRequest(() => this.queueCalls.dialDone(parseTwilioForm(request.rawBody), queue));
  }
}
