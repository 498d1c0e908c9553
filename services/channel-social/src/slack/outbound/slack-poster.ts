import { AsyncLocalStorage } from 'node:async_hooks';
import { webApi } from '@slack/bolt';
import type { SlackWorkspace } from '../../config';

/** The abort signal of the call in hand, for the fetch the client makes. */
const callSignal = new AsyncLocalStorage<AbortSignal>();

export interface OutgoingSlackMessage {
  team: SlackWorkspace;
  channel: string;
  threadTs: string | null;
  text: string;
}

export interface SlackPosterOptions {
  /** Slack's Web API base (https://slack.com/api, or a local stand-in). */
  apiBaseUrl: string;
  timeoutMs: number;
}

/**
 * Posts with @slack/web-api's WebClient (chat.postMessage), one client per
 * team. The client's own retries are off (ours count attempts and respect the
 * breaker) and each request carries the breaker's abort signal.
 */
export class SlackPoster {
  /** Per team, with the token it was made with: a token an admin replaced is used from the next post. */
  private readonly clients = new Map<string, { token: string; client: webApi.WebClient }>();

  constructor(private readonly options: SlackPosterOptions) {}

  async post(message: OutgoingSlackMessage, signal: AbortSignal): Promise<{ providerMessageId: string }> {
    const client = this.clientFor(message.team);
    const result = await callSignal.run(signal, () =>
      client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        // An agent's answer is plain text: no link previews, no @channel surprises.
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (!result.ts) throw new Error('Slack accepted the message but returned no ts');
    return { providerMessageId: `${result.channel ?? message.channel}:${result.ts}` };
  }

  private clientFor(team: SlackWorkspace): webApi.WebClient {
    const known = this.clients.get(team.teamId);
    let client = known?.token === team.botToken ? known.client : undefined;
    if (!client) {
      client = new webApi.WebClient(team.botToken, {
        slackApiUrl: `${this.options.apiBaseUrl}/`,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: this.options.timeoutMs,
        logLevel: webApi.LogLevel.ERROR,
        fetch: (url, init) => {
          const ours = callSignal.getStore();
          const signals = [init?.signal, ours].filter((s): s is AbortSignal => s !== undefined);
          return fetch(url, { ...init, signal: signals.length ? AbortSignal.any(signals) : undefined });
        },
      });
      this.clients.set(team.teamId, { token: team.botToken, client });
    }
    return client;
  }
}
