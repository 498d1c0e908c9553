import type { Logger } from '@threadline/observability';
import type { PolicyBook } from '../policies/policy-book';
import type { SlaClockRepository } from './sla-clock.repository';
import type { TimeSource } from './time-source';
import type { TrackTicket } from './track-ticket.usecase';

/** Clocks recomputed at once: each is a few store round trips and a publish. */
const CONCURRENCY = 4;

/**
 * An admin changed a workspace's policies or calendar: every clock of the
 * workspace still counting takes the rules as they are now (another policy
 * may match, a target may be longer or shorter), without waiting for the
 * ticket's next event. Runs beside the admin's request; a clock that loses a
 * race with a ticket event is read again, and the event applies the new rules anyway.
 */
export class RecomputeClocks {
  private readonly running = new Map<string, Promise<number>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly clocks: SlaClockRepository,
    private readonly track: TrackTicket,
    private readonly book: PolicyBook,
    private readonly time: TimeSource,
    private readonly logger: Logger,
  ) {}

  /** Starts (or, when one runs, queues one more) recompute of the workspace; resolves with the clocks it moved. */
  workspace(workspaceId: string): Promise<number> {
    this.book.forget(workspaceId);
    const current = this.running.get(workspaceId);
    if (current) {
      this.again.add(workspaceId);
      return current;
    }
    const run = this.run(workspaceId).finally(() => {
      this.running.delete(workspaceId);
      if (this.again.delete(workspaceId)) void this.workspace(workspaceId);
    });
    this.running.set(workspaceId, run);
    return run;
  }

  private async run(workspaceId: string): Promise<number> {
    let moved = 0;
    let failed = 0;
    const pending = new Set<Promise<void>>();
    try {
      for await (const ticketId of this.clocks.openOf(workspaceId)) {
        const job: Promise<void> = this.track
          .recompute(workspaceId, ticketId, this.time.now())
          .then((outcome) => void (outcome === 'done' && moved++))
          .catch((error: unknown) => {
            failed++;
            this.logger.warn({ err: error, workspaceId, ticketId }, 'SLA clock not recomputed');
          })
          .finally(() => pending.delete(job));
        pending.add(job);
        if (pending.size >= CONCURRENCY) await Promise.race(pending);
      }
    } catch (error) {
      failed++;
      this.logger.error({ err: error, workspaceId }, 'SLA clocks of the workspace not all read');
    }
    await Promise.all(pending);
    // A clock left out takes the new rules at its ticket's next event.
    this.logger.info({ workspaceId, clocks: moved, failed }, 'SLA clocks recomputed after a change of the rules');
    return moved;
  }
}
