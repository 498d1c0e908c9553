import CircuitBreaker from 'opossum';
import { inSpan, SpanKind, type PlatformMetrics } from '@threadline/observability';

export interface ProviderBreakerOptions {
  /** Names the dependency in metrics and errors, e.g. `smtp:mail.firma.pl:587`. */
  provider: string;
  /** A call still running after this is abandoned (its signal aborted) and counts as a failure. */
  timeoutMs: number;
  /** Calls in the rolling window before the error rate may open the breaker: one failure after idle must not. */
  volumeThreshold?: number;
  errorThresholdPercentage?: number;
  /** How long the breaker stays open before one trial call (half-open). */
  resetTimeoutMs?: number;
  /**
   * Errors that say "this request is wrong" (a 4xx, an unknown mailbox, a bad
   * phone number), not "the provider is down": they fail the call but never
   * count toward opening the breaker.
   */
  isPermanent?: (error: unknown) => boolean;
  metrics?: PlatformMetrics;
}

/** The breaker is open: the provider failed too often lately; nothing was sent. */
export class ProviderUnavailableError extends Error {
  readonly code = 'PROVIDER_UNAVAILABLE';
  constructor(readonly provider: string) {
    super(`${provider} is failing; calls are paused (circuit open)`);
    this.name = 'ProviderUnavailableError';
  }
}

export class ProviderTimeoutError extends Error {
  readonly code = 'PROVIDER_TIMEOUT';
  constructor(
    readonly provider: string,
    timeoutMs: number,
  ) {
    super(`${provider} did not answer within ${timeoutMs} ms`);
    this.name = 'ProviderTimeoutError';
  }
}

type Work = (signal: AbortSignal) => Promise<unknown>;
const STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * One opossum circuit breaker per outside dependency (not per call). Each call
 * gets its own AbortSignal, aborted on timeout, so a slow request is really
 * abandoned instead of finishing late as a duplicate; opossum's own timeout
 * is off because its AbortController is shared by every call of the breaker.
 */
export class ProviderBreaker {
  private readonly breaker: CircuitBreaker<[Work], unknown>;

  constructor(private readonly options: ProviderBreakerOptions) {
    const isPermanent = options.isPermanent ?? (() => false);
    this.breaker = new CircuitBreaker((work: Work) => this.withTimeout(work), {
      timeout: false,
      volumeThreshold: options.volumeThreshold ?? 5,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      resetTimeout: options.resetTimeoutMs ?? 30_000,
      errorFilter: (error: unknown) => isPermanent(error),
      name: options.provider,
    });
    const metrics = options.metrics;
    if (metrics) {
      const gauge = metrics.breakerState.labels(options.provider);
      gauge.set(0);
      this.breaker.on('open', () => gauge.set(STATE_VALUE.open));
      this.breaker.on('halfOpen', () => gauge.set(STATE_VALUE['half-open']));
      this.breaker.on('close', () => gauge.set(STATE_VALUE.closed));
    }
  }

  get provider(): string {
    return this.options.provider;
  }

  get state(): 'closed' | 'half-open' | 'open' {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Runs `work` through the breaker; rejects with ProviderUnavailableError while it is open. */
  async call<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    // The span a trace ends with when a reply leaves the platform (an SMS to Twilio, a mail to SMTP).
    return inSpan(
      `${this.options.provider} call`,
      { kind: SpanKind.CLIENT, attributes: { 'threadline.provider': this.options.provider } },
      () => this.callThroughBreaker(work),
    );
  }

  private async callThroughBreaker<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const count = (outcome: string) => this.options.metrics?.providerCalls.inc({ provider: this.options.provider, outcome });
    try {
      const result = (await this.breaker.fire(work)) as T;
      count('ok');
      return result;
    } catch (error) {
      if (isOpenCircuit(error)) {
        count('short-circuited');
        throw new ProviderUnavailableError(this.options.provider);
      }
      count(
        error instanceof ProviderTimeoutError ? 'timeout' : (this.options.isPermanent?.(error) ?? false) ? 'rejected' : 'failed',
      );
      throw error;
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private async withTimeout(work: Work): Promise<unknown> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ProviderTimeoutError(this.options.provider, this.options.timeoutMs));
      }, this.options.timeoutMs);
    });
    try {
      return await Promise.race([work(controller.signal), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function isOpenCircuit(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EOPENBREAKER';
}
