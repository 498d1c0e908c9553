import { randomBytes } from 'node:crypto';
import { postSignedWebhook } from './twilio';

export interface TwilioCallOptions {
  /** Where each webhook goes (a function, so a test can alternate between instances). */
  serviceUrl: () => string;
  /** What the deployment told Twilio (PUBLIC_BASE_URL): the signatures are over it. */
  publicBaseUrl: string;
  accountSid: string;
  authToken: string;
  /** Our Twilio number the customer calls. */
  to: string;
  /** The caller, E.164. */
  from: string;
}

export const newCallSid = (): string => `CA${randomBytes(16).toString('hex')}`;

/** Where Twilio keeps a recording (the reference we store; never downloaded). */
export const recordingUrlOf = (accountSid: string, recordingSid: string): string =>
  `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`;

/**
 * One inbound call as Twilio drives our voice webhooks: each request carries
 * Twilio's documented form fields and is signed with the auth token over the
 * public URL. Each method is one webhook; the caller decides the order (and
 * may repeat or reorder callbacks, as Twilio sometimes does).
 */
export function twilioCallWebhooks(options: TwilioCallOptions) {
  const sid = newCallSid();
  const base = {
    AccountSid: options.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: sid,
    From: options.from,
    Caller: options.from,
    To: options.to,
    Called: options.to,
    Direction: 'inbound',
  };
  const post = (path: string, params: Record<string, string>, token = options.authToken) =>
    postSignedWebhook(options.serviceUrl(), options.publicBaseUrl, path, { ...base, ...params }, token);
  const queueSid = `QU${'0'.repeat(32)}`;
  const recordingUrl = (recordingSid: string) => recordingUrlOf(options.accountSid, recordingSid);
  return {
    sid,
    from: options.from,
    incoming: (token?: string) =>
      post('/webhooks/twilio/voice', { CallStatus: 'ringing', FromCountry: 'PL', ToCountry: 'PL' }, token),
    menu: (digits: string, attempt = 1) =>
      post(`/webhooks/twilio/voice/menu?menu=main&attempt=${attempt}`, {
        CallStatus: 'in-progress',
        Digits: digits,
        FinishedOnKey: '',
      }),
    wait: (queue: string, queueTime: number, position = 1) =>
      post(`/webhooks/twilio/voice/wait?queue=${queue}`, {
        CallStatus: 'in-progress',
        QueueSid: queueSid,
        QueuePosition: String(position),
        QueueTime: String(queueTime),
        AvgQueueTime: '0',
        CurrentQueueSize: String(position),
        MaxQueueSize: '100',
      }),
    queueResult: (queue: string, result: string, queueTime: number) =>
      post(`/webhooks/twilio/voice/queue-result?queue=${queue}`, {
        CallStatus: 'in-progress',
        QueueSid: queueSid,
        QueueResult: result,
        QueueTime: String(queueTime),
      }),
    /** The caller's key after the maximum wait (1: a message, 2: a call back); none: the Gather timed out. */
    afterWait: (queue: string, digits?: string) =>
      post(`/webhooks/twilio/voice/after-wait?queue=${queue}`, {
        CallStatus: 'in-progress',
        ...(digits === undefined ? {} : { Digits: digits, FinishedOnKey: '' }),
      }),
    dialDone: (queue: string, status: string, seconds: number) =>
      post(`/webhooks/twilio/voice/dial-done?queue=${queue}`, {
        CallStatus: 'in-progress',
        DialCallStatus: status,
        DialCallSid: newCallSid(),
        DialCallDuration: String(seconds),
        DialBridged: String(status === 'completed'),
      }),
    voicemailDone: (recordingSid: string, seconds: number) =>
      post('/webhooks/twilio/voice/voicemail-done', {
        CallStatus: 'in-progress',
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl(recordingSid),
        RecordingDuration: String(seconds),
        Digits: 'hangup',
      }),
    recording: (recordingSid: string, seconds: number) =>
      post('/webhooks/twilio/voice/recording', {
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl(recordingSid),
        RecordingStatus: 'completed',
        RecordingDuration: String(seconds),
        RecordingChannels: '1',
        RecordingSource: 'RecordVerb',
        RecordingStartTime: new Date().toUTCString(),
      }),
    status: (status: string, duration?: number, token?: string) =>
      post(
        '/webhooks/twilio/voice/status',
        {
          CallStatus: status,
          Timestamp: new Date().toUTCString(),
          CallbackSource: 'call-progress-events',
          SequenceNumber: '0',
          ...(duration === undefined ? {} : { CallDuration: String(duration), Duration: String(Math.ceil(duration / 60)) }),
        },
        token,
      ),
  };
}
