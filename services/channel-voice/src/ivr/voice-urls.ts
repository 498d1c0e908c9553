/** The absolute URLs Twilio calls back (what it signs), built from PUBLIC_BASE_URL. */
export const VOICE_PATHS = {
  incoming: '/webhooks/twilio/voice',
  menu: '/webhooks/twilio/voice/menu',
  wait: '/webhooks/twilio/voice/wait',
  queueResult: '/webhooks/twilio/voice/queue-result',
  afterWait: '/webhooks/twilio/voice/after-wait',
  voicemailDone: '/webhooks/twilio/voice/voicemail-done',
  recording: '/webhooks/twilio/voice/recording',
  dialDone: '/webhooks/twilio/voice/dial-done',
  status: '/webhooks/twilio/voice/status',
} as const;

export class VoiceUrls {
  constructor(private readonly publicBaseUrl: string) {}

  url(path: (typeof VOICE_PATHS)[keyof typeof VOICE_PATHS], query: Record<string, string | number> = {}): string {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return `${this.publicBaseUrl}${path}${search ? `?${search}` : ''}`;
  }
}
