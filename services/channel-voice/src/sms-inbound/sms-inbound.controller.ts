import { Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { readOrBadRequest } from '../twilio-webhooks/invalid-webhook.error';
import { parseTwilioForm, type RequestWithRawBody } from '../twilio-webhooks/twilio-form';
import { TwilioSignatureGuard } from '../twilio-webhooks/twilio-signature.guard';
import { emptyMessagingResponse } from '../twilio-webhooks/twiml';
import { readInboundSms } from './inbound-sms';
import { ReceiveSms } from './receive-sms.usecase';

/** Twilio's incoming-message webhook: signed, answered only once the contact is on Kafka. */
@Controller('webhooks/twilio')
@PublicRoute({ guard: 'signature' })
export class SmsInboundController {
  constructor(private readonly receiveSms: ReceiveSms) {}

  @Post('sms')
  @HttpCode(200)
  @UseGuards(TwilioSignatureGuard)
  @Header('content-type', 'text/xml; charset=utf-8')
  async receive(@Req() request: RequestWithRawBody): Promise<string> {
    await this.receiveSms.execute(readOrBadRequest(() => readInboundSms(parseTwilioForm(request.rawBody))));
    return emptyMessagingResponse();
  }
}
