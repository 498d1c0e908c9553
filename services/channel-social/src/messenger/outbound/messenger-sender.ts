import { AsyncLocalStorage } from 'node:async_hooks';
import { MessengerClient } from 'messaging-api-messenger';
import type { MessengerPage } from '../../config';
import type { WindowDecision } from './messaging-window';

/** The abort signal of the call in hand: the client takes none, so it travels beside the call. */
const callSignal = new AsyncLocalStorage<AbortSignal>();

export interface OutgoingMessengerMessage {
  page: MessengerPage;
  psid: string;
  text: string;
  window: Extract<WindowDecision, { ok: true }>;
}

export interface MessengerSenderOptions {
  /** Graph API origin (https://graph.facebook.com, or a local stand-in). */
  origin: string;
  graphVersion: string;
  /** Backstop socket timeout; the breaker's signal normally ends a slow call first. */
  timeoutMs: number;
}

/**
 * Sends with messaging-api-messenger's MessengerClient (Send API, POST
 * /{version}/me/messages), one client per Page. Each request carries the
 * breaker's abort signal as an axios cancel token, so an abandoned call is
 * really cancelled rather than delivering a late duplicate.
 */
export class MessengerSender {
  /** Per Page, with the credentials it was made with: a token an admin replaced is used from the next send. */
  private readonly clients = new Map<string, { credentials: string; client: MessengerClient }>();

  constructor(private readonly options: MessengerSenderOptions) {}

  async send(message: OutgoingMessengerMessage, signal: AbortSignal): Promise<{ providerMessageId: string }> {
    const client = this.clientFor(message.page);
    const options =
      message.window.messagingType === 'RESPONSE' ? { messagingType: 'RESPONSE' as const } : { tag: message.window.tag };
    const sent = await callSignal.run(signal, () => client.sendMessage(message.psid, { text: message.text }, options));
    return { providerMessageId: sent.messageId };
  }

  private clientFor(page: MessengerPage): MessengerClient {
    const credentials = `${page.pageAccessToken}\n${page.appSecret}`;
    const known = this.clients.get(page.pageId);
    let client = known?.credentials === credentials ? known.client : undefined;
    if (!client) {
      client = new MessengerClient({
        accessToken: page.pageAccessToken,
        // With the app secret the client adds appsecret_proof, which Meta can require for every call.
        appSecret: page.appSecret,
        origin: this.options.origin,
        version: this.options.graphVersion,
      });
      client.axios.defaults.timeout = this.options.timeoutMs;
      client.axios.interceptors.request.use((config) => {
        const signal = callSignal.getStore();
        if (signal) config.cancelToken = cancelTokenFor(signal);
        return config;
      });
      this.clients.set(page.pageId, { credentials, client });
    }
    return client;
  }
}

/** axios 0.21's CancelToken, structurally. */
interface CancelToken {
  promise: Promise<{ message: string }>;
  reason?: { message: string };
  throwIfRequested(): void;
}

/** The client's axios (0.21) predates AbortSignal support; its cancel-token contract is small enough to meet directly. */
function cancelTokenFor(signal: AbortSignal): CancelToken {
  const token: CancelToken = {
    promise: new Promise((resolve) => {
      const cancel = () => {
        token.reason = { message: 'abandoned: the provider call timed out' };
        resolve(token.reason);
      };
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
    }),
    throwIfRequested() {
      if (token.reason) throw token.reason;
    },
  };
  return token;
}
