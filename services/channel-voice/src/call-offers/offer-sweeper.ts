import type { Logger } from '@threadline/observability';
import type { CallOffers } from './call-offers';

/** Ends the offers nobody answered in time, every `intervalMs` (0: never); idempotent, so every instance may sweep. */
export class OfferSweeper {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;

  constructor(
    private readonly offers: CallOffers,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => void this.sweepOnce(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  sweepOnce(): Promise<void> {
    this.round ??= this.offers
      .expire()
      .then((n) => void (n > 0 && this.logger.info({ expired: n }, 'offers of waiting callers expired')))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'offer sweep failed; the next round goes on'))
      .finally(() => (this.round = null));
    return this.round;
  }
}
