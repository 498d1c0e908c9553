import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { OutgoingSms, SmsSender } from './sms-sender';

const TWILIO_API = 'https://api.twilio.com';

/** The abort signal of the call in hand: the twilio client takes no signal, so it travels beside the call. */
export const callSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * twilio's own HTTP client, with two additions: requests go to `baseUrl`
 * instead of api.twilio.com when one is set (tests use a local stand-in), and
 * each request carries the breaker's abort signal, so an abandoned call is
 * really cancelled rather than delivering a late duplicate SMS.
 */
class TwilioHttpClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, keepAlive: true, autoRetry: false });
    this.axios.interceptors.request.use((config) => {
      const signal = callSignal.getStore();
      if (signal) config.signal = signal;
      return config;
    });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_API) ? `${this.baseUrl}${opts.uri.slice(TWILIO_API.length)}` : opts.uri;
    return super.request({ ...opts, uri });
  }
}

export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  apiBaseUrl: string;
  /** Backstop socket timeout; the breaker's signal normally ends a slow call first. */
  timeoutMs: number;
}

/** The official twilio client over our HTTP client (base URL, abort signal); SMS and calls each make their own. */
export function createTwilioClient(options: TwilioSenderOptions): twilio.Twilio {
  return twilio(options.accountSid, options.authToken, {
    httpClient: new TwilioHttpClient(options.apiBaseUrl, options.timeoutMs),
    autoRetry: false,
  });
}

/** Sends SMS with the official twilio client (Messages resource of API 2010-04-01). */
export class TwilioSmsSender implements SmsSender {
  private readonly client: twilio.Twilio;

  constructor(options: TwilioSenderOptions) {
    this.client = createTwilioClient(options);
  }

  async send(sms: OutgoingSms, signal: AbortSignal): Promise<{ providerMessageId: string }> {
    const message = await callSignal.run(signal, () =>
      this.client.messages.create({ to: sms.to, from: sms.from, body: sms.body, statusCallback: sms.statusCallback }),
    );
    return { providerMessageId: message.sid };
  }
}
