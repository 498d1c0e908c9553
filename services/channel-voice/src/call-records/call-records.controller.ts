import { Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { PublicRoute } from '@threadline/service-runtime';
import { hangupTwiml } from '../ivr/call-twiml';
import { handleOrBadRequest } from '../twilio-webhooks/invalid-webhook.error';
import { parseTwilioForm, type RequestWithRawBody } from '../twilio-webhooks/twilio-form';
import { TwilioSignatureGuard } from '../twilio-webhooks/twilio-signature.guard';
import { RecordCallEvents } from './record-call-events.usecase';

/** Twilio's call status callback, recording status callback and the voicemail's <Record> action. */
@Controller('webhooks/twilio/voice')
@PublicRoute({ guard: 'signature' })
@UseGuards(TwilioSignatureGuard)
export class CallRecordsController {
  constructor(private readonly events: RecordCallEvents) {}

  @Post('status')
  @HttpCode(204)
  async status(@Req() request: RequestWithRawBody): Promise<void> {
    await handleOrBadRequest(() => this.events.status(parseTwilioForm(request.rawBody)));
  }

  @Post('recording')
  @HttpCode(204)
  async recording(@Req() request: RequestWithRawBody): Promise<void> {
    await handleOrBadRequest(() => this.events.recording(parseTwilioForm(request.rawBody)));
  }

  @Post('voicemail-done')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  async voicemailDone(@Req() request: RequestWithRawBody): Promise<string> {
    await handleOrBadRequest(() => this.events.voicemailDone(parseTwilioForm(request.rawBody)));
    return hangupTwiml('Dziękujemy, wiadomość została nagrana. Do widzenia.');
  }
}
