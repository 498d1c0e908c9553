import { Controller, Header, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { handleOrBadRequest } from '../twilio-webhooks/invalid-webhook.error';
import { parseTwilioForm, type RequestWithRawBody } from '../twilio-webhooks/twilio-form';
import { TwilioSignatureGuard } from '../twilio-webhooks/twilio-signature.guard';
import { AnswerCall } from './answer-call.usecase';

/** Twilio's voice webhook of our numbers and the menu answers (<Gather> action). */
@Controller('webhooks/twilio/voice')
@PublicRoute({ guard: 'signature' })
@UseGuards(TwilioSignatureGuard)
export class IvrController {
  constructor(private readonly answerCall: AnswerCall) {}

  @Post()
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  incoming(@Req() request: RequestWithRawBody): Promise<string> {
    return handleOrBadRequest(() => this.answerCall.incoming(parseTwilioForm(request.rawBody)));
  }

  @Post('menu')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  menu(@Req() request: RequestWithRawBody, @Query('menu') menu?: string, @Query('attempt') attempt?: string): Promise<string> {
    const tries = Math.min(Math.max(Number.parseInt(attempt ?? '1', 10) || 1, 1), 10);
    return handleOrBadRequest(() => this.answerCall.menu(parseTwilioForm(request.rawBody), menu ?? 'main', tries));
  }
}
