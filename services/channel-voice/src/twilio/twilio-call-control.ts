import type twilio from 'twilio';
import type { CallRecording } from '../call-records/call.repository';
import { callSignal, createTwilioClient, type TwilioSenderOptions } from './twilio-sms-sender';

/** A call as Twilio's Calls resource reports it. */
export interface CallState {
  status: string;
  durationSeconds: number | null;
}

/** What we ask Twilio about live calls: new instructions (taking a caller), and how a call stands (the sweeper). */
export interface CallControl {
  /** Replaces the call's current TwiML (it leaves its queue and runs `twiml`); `signal` abandons the request. */
  redirect(callSid: string, twiml: string, signal: AbortSignal): Promise<void>;
  /** The call's status now, or null when Twilio has no such call. */
  state(callSid: string, signal: AbortSignal): Promise<CallState | null>;
  /** The call's finished recordings (a voicemail whose callback we missed). */
  recordings(callSid: string, signal: AbortSignal): Promise<CallRecording[]>;
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

  async state(callSid: string, signal: AbortSignal): Promise<CallState | null> {
    try {
      const call = await callSignal.run(signal, () => this.client.calls(callSid).fetch());
      const duration = Number.parseInt(call.duration ?? '', 10);
      return { status: call.status, durationSeconds: Number.isFinite(duration) ? duration : null };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  }

  async recordings(callSid: string, signal: AbortSignal): Promise<CallRecording[]> {
    const found = await callSignal.run(signal, () => this.client.calls(callSid).recordings.list({ limit: 20 }));
    return found
      .filter((r) => r.status === 'completed')
      .map((r) => ({
        sid: r.sid,
        // The same reference Twilio's callbacks give (RecordingUrl): the resource without its .json.
        url: `https://api.twilio.com${r.uri.replace(/\.json$/, '')}`,
        durationSeconds: Number.parseInt(r.duration, 10) || 0,
      }));
  }
}
