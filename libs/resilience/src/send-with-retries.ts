import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from './provider-breaker';
import type { ClassifiedSendError } from './send-errors';

/** Delay before attempt `attempt` (2, 3, …): doubling from `baseMs`, capped so a send stays well inside Kafka's session timeout. */
export function retryDelayMs(attempt: number, baseMs: number, capMs = 4000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 2));
}

export interface RetryingSend<R> {
  /** For the logs: which provider (messenger, slack, twilio). */
  label: string;
  call: (signal: AbortSignal) => Promise<R>;
  classify: (error: unknown) => ClassifiedSendError;
  breaker: ProviderBreaker;
  logger: Logger;
  attempts: number;
  retryDelayMs: number;
}

export type SendOutcome<R> = { ok: true; value: R } | { ok: false; reason: string };

/**
 * One provider call through the breaker, retried while the provider is failing
 * (5xx, rate limits, not reached) up to `attempts`; a refusal or a call that
 * may have got through is not repeated. Never throws: the outcome says why.
 */
export async function sendWithRetries<R>(send: RetryingSend<R>): Promise<SendOutcome<R>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await send.breaker.call(send.call) };
    } catch (error) {
      const { kind, reason } = send.classify(error);
      // The reason, never the error itself: provider errors carry the request, and with it the token.
      send.logger.warn({ attempt, kind, reason }, `${send.label} send failed`);
      if (kind !== 'retriable') return { ok: false, reason };
      if (attempt >= send.attempts) return { ok: false, reason: `${reason} (gave up after ${attempt} attempts)` };
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt + 1, send.retryDelayMs)));
    }
  }
}
