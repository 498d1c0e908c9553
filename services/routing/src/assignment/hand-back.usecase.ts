import { bucketOf, minuteOf, type DueTimerOutcome, type TimeSource } from '@threadline/persistence';
import type { TicketDetail } from '../tickets/ticket-facts';
import { TicketCommandRefused, type TicketsClient } from '../tickets/tickets-client';
import type { PresenceRepository } from './assignment.repositories';
import { handbackTimerId, type HandbackTimerDoc, type HandbackTimerStore } from './handback-timers';
import type { TicketHoldRepository } from './ticket-holds.repository';

export interface HandBackDeps {
  holds: TicketHoldRepository;
  presence: PresenceRepository;
  timers: HandbackTimerStore;
  tickets: TicketsClient;
  time: TimeSource;
  graceMinutes: number;
}

/**
 * An agent who goes away keeps their open tickets for a grace period (a
 * short break costs nobody their conversations); then each ticket still
 * theirs is handed back to its queue — unassigned, with a line on its
 * timeline — and a queue that assigns by itself gives it to someone present.
 * Each ticket's timer sits in its own partition's buckets, so the instance
 * holding that partition (the one writing its hold) fires it.
 */
export class HandBack {
  constructor(private readonly deps: HandBackDeps) {}

  async agentWentAway(workspaceId: string, agentId: string): Promise<number> {
    const now = this.deps.time.now();
    const dueAt = new Date(now.getTime() + this.deps.graceMinutes * 60_000);
    const held = await this.deps.holds.heldBy(workspaceId, agentId);
    await this.deps.timers.put(
      held.map((hold) => ({
        _id: handbackTimerId(workspaceId, hold.ticketId),
        workspaceId,
        ticketId: hold.ticketId,
        number: hold.number,
        agentId,
        dueAt,
        bucket: bucketOf(hold.partition, Math.max(minuteOf(dueAt), minuteOf(now))),
      })),
    );
    return held.length;
  }

  /** The grace period is over: the ticket goes back unless its agent is back or it is no longer theirs. */
  async fire(timer: HandbackTimerDoc, now: Date): Promise<DueTimerOutcome> {
    const back = await this.deps.presence.isPresent(timer.workspaceId, timer.agentId, now);
    const hold = back ? null : await this.deps.holds.find(timer.workspaceId, timer.ticketId);
    if (!hold || hold.holder !== timer.agentId) {
      await this.deps.timers.remove([timer._id]);
      return 'stale';
    }
    const path = `tickets/${timer.number}`;
    const key = `hand-back:${timer._id}:${timer.dueAt.toISOString()}`;
    try {
      const detail = await this.deps.tickets.call<TicketDetail>(timer.workspaceId, path);
      if (detail.assigneeId !== timer.agentId || detail.status === 'closed') return await this.drop(timer);
      await this.deps.tickets.call(timer.workspaceId, path, {
        method: 'PATCH',
        body: { assigneeId: null },
        ifMatch: detail.version,
        idempotencyKey: key,
      });
      await this.deps.tickets.call(timer.workspaceId, `${path}/notes`, {
        method: 'POST',
        body: { text: `Zgłoszenie wróciło do kolejki po ${this.deps.graceMinutes} min nieobecności: ${timer.agentId}.` },
        idempotencyKey: `${key}:note`,
      });
    } catch (error) {
      // Changed meanwhile (409: the next poll looks again) or gone.
      if (error instanceof TicketCommandRefused) return error.status === 409 ? 'raced' : this.drop(timer);
      throw error;
    }
    await this.deps.timers.remove([timer._id]);
    return 'fired';
  }

  private async drop(timer: HandbackTimerDoc): Promise<DueTimerOutcome> {
    await this.deps.timers.remove([timer._id]);
    return 'stale';
  }
}
