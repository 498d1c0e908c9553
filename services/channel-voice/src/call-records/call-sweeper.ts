import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from '@threadline/resilience';
import type { CallControl } from '../twilio/twilio-call-control';
import type { CallRepository } from './call.repository';
import { isTerminal } from './call-status';
import type { RecordCallEvents } from './record-call-events.usecase';

export interface SweepSettings {
  intervalMs: number;
  staleMs: number;
  /** Calls looked at per round: a burst of lost callbacks is worked off over several rounds. */
  batch: number;
}

/**
 * Twilio does not retry a status callback we missed (an instance down, a
 * network cut). Without the final one a call would stay on the board as
 * waiting and never become a contact. The sweeper asks Twilio's Calls
 * resource about calls that heard nothing for a while and applies what it
 * says through the same rules as a callback; a voicemail whose recording
 * never came ends without one. Every step is idempotent, so several
 * instances sweeping at once do no harm.
 */
export class CallSweeper {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;

  constructor(
    private readonly calls: CallRepository,
    private readonly record: RecordCallEvents,
    private readonly control: CallControl,
    private readonly breaker: ProviderBreaker,
    private readonly settings: SweepSettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.settings.intervalMs === 0) return;
    this.timer = setInterval(() => void this.sweepOnce(), this.settings.intervalMs);
    this.timer.unref();
  }

  /** Stops the rounds; a round in progress finishes first. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round (a round still running is not doubled). */
  sweepOnce(now = new Date()): Promise<void> {
    this.round ??= this.sweep(now).finally(() => (this.round = null));
    return this.round;
  }

  private async sweep(now: Date): Promise<void> {
    try {
      const stale = await this.calls.unsettled(new Date(now.getTime() - this.settings.staleMs), this.settings.batch);
      for (const call of stale) {
        if (call.ended) {
          // A voicemail whose recording was never reported: Twilio may still have it.
          const [recording] = await this.breaker.call((signal) => this.control.recordings(call._id, signal));
          this.logger.warn({ callSid: call._id, found: Boolean(recording) }, 'voicemail recording never reported; asked Twilio');
          await (recording ? this.record.keepRecordingOf(call._id, recording) : this.record.settleWithoutRecording(call._id));
          continue;
        }
        const state = await this.breaker.call((signal) => this.control.state(call._id, signal));
        if (state === null || isTerminal(state.status)) {
          // Unknown to Twilio: nothing more will come for it either.
          const status = state?.status ?? 'completed';
          this.logger.warn({ callSid: call._id, status }, 'call end never reported; applied what Twilio says now');
          await this.record.applyStatus(call._id, status, state?.durationSeconds ?? null);
        } else {
          // Still going (a long talk): ask again after another quiet spell.
          await this.calls.change(call._id, {});
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'call sweep stopped early; the next round goes on');
    }
  }
}
