import { deterministicEventId } from '@threadline/contracts';
import type { ClockJournal } from './clock-journal';
import { fire } from './sla-clock';
import type { SlaTimerDoc } from './sla-timer.repository';

export type FireOutcome = 'fired' | 'stale' | 'raced';

/**
 * A due timer goes off: the clock decides whether it still stands (a ticket
 * closed, answered or paused meanwhile makes it stale). The event's id comes
 * from the timer, so a timer fired again after a crash or a rebalance — the
 * event sent, the clock not yet written — is the same event, applied once.
 */
export class FireTimer {
  constructor(
    private readonly journal: ClockJournal,
    private readonly warningShare: number,
  ) {}

  async fire(timer: SlaTimerDoc, now: Date): Promise<FireOutcome> {
    const previous = await this.journal.clocks.get(timer.ticketId);
    const clock = previous ? fire(previous.clock, timer, now) : null;
    // A stale timer is left where it is: it may be one a write in progress has just put (its clock not yet
    // saved), or ours may be an older copy of it. The journal drops the timers a clock no longer wants.
    if (!previous || !clock) return 'stale';
    const next = { ...previous, clock, revision: previous.revision + 1, updatedAt: new Date() };
    const target = previous.clock.targets[timer.target]!;
    const written = await this.journal.write(next, previous, (summary) => {
      const common = {
        workspaceId: next.workspaceId,
        key: next._id,
        id: deterministicEventId(`sla.${timer.kind}`, timer._id),
      };
      const milestone = {
        ticketId: next._id,
        number: next.number,
        policyId: next.policyId,
        policyName: next.policyName,
        summary,
        target: timer.target,
        cycle: timer.cycle,
        dueAt: target.dueAt!.toISOString(),
        at: now.toISOString(),
      };
      return timer.kind === 'warning'
        ? this.journal.publisher.publish('sla.warning.v1', { ...common, payload: { ...milestone, share: this.warningShare } })
        : this.journal.publisher.publish('sla.breached.v1', { ...common, payload: milestone });
    });
    return written ? 'fired' : 'raced';
  }
}
