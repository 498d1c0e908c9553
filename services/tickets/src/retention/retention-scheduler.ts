import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import type { DailyRetentionOutcome, RunDailyRetention } from './run-daily-retention.usecase';

/**
 * Tries the day's retention run every `pollMs` on every instance: the first
 * to claim the day runs it, the others find it held or done (one point lookup
 * each). A failed run is retried by the next poll once its lease has run out.
 */
export class RetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Polls so far and what the last came to (tests wait on them instead of sleeping). */
  rounds = 0;
  outcomes: DailyRetentionOutcome[] = [];

  constructor(
    private readonly run: RunDailyRetention,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick().finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(loop, this.pollMs).unref();
      });
    };
    loop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      const outcome = await this.run.execute();
      this.outcomes.push(outcome);
      if (outcome !== 'skipped') this.logger.info({ outcome }, 'daily retention run');
    } catch (error) {
      this.logger.error({ err: error }, 'daily retention run failed; retried when its lease runs out');
    } finally {
      this.rounds += 1;
    }
  }
}
