import type twilio from 'twilio';
import { callSignal, createTwilioClient, type TwilioSenderOptions } from './twilio-sms-sender';

/** What taking a caller needs from Twilio: new instructions for a live call. */
export interface CallControl {
  /** Replaces the call's current TwiML (it leaves its queue and runs `twiml`); `signal` abandons the request. */
  redirect(callSid: string, twiml: string, signal: AbortSignal): Promise<void>;
}

/** Updates live calls with the official twilio client (Calls resource, POST /Calls/{CallSid}.json with Twiml). */
export class TwilioCallControl implements CallControl {
  private readonly client: twilio.Twilio;

  constructor(options: TwilioSenderOptions) {
    this.client = createTwilioClient(options);
  }

  async redirect(callSid: string, twiml: string, signal: AbortSignal): Promise<void> {
    await callSignal.run(signal, () => this.client.calls(callSid).update({ twiml }));
  }
}
