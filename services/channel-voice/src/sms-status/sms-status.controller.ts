import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { readOrBadRequest } from '../twilio-webhooks/invalid-webhook.error';
import { parseTwilioForm, type RequestWithRawBody } from '../twilio-webhooks/twilio-form';
import { TwilioSignatureGuard } from '../twilio-webhooks/twilio-signature.guard';
import { readStatusCallback } from './status-callback';
import { RecordSmsStatus } from './record-sms-status.usecase';

/** Twilio's message status callback (StatusCallback of every SMS we send). */
@Controller('webhooks/twilio')
@PublicRoute({ guard: 'signature' })
export class SmsStatusController {
  constructor(private readonly recordStatus: RecordSmsStatus) {}

  @Post('sms-status')
  @HttpCode(204)
  @UseGuards(TwilioSignatureGuard)
  async status(@Req() request: RequestWithRawBody): Promise<void> {
    await this.recordStatus.execute(readOrBadRequest(() => readStatusCallback(parseTwilioForm(request.rawBody))));
  }
}
