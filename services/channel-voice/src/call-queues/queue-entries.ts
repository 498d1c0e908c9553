import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { CallDoc, CallRepository } from '../call-records/call.repository';
import type { CallOffers } from '../call-offers/call-offers';
import type { CallLines } from '../ivr/call-lines';

/**
 * A caller entering and leaving a call queue, announced as call.queued.v1 and
 * call.dequeued.v1 (keyed by CallSid; ids from the call and its entry, so a
 * repeat is the same event). Leaving withdraws the caller's open offer.
 */
export class QueueEntries {
  constructor(
    private readonly calls: CallRepository,
    private readonly lines: CallLines,
    private readonly offers: CallOffers,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  /** The call joins a queue (again, after an agent did not answer: a new entry, its original wait kept). */
  async enter(call: CallDoc, queue: string): Promise<void> {
    await this.calls.enqueue(call, queue, this.clock());
    const after = await this.calls.get(call._id);
    if (!after || after.queueState !== 'waiting') return;
    const language = (await this.lines.line(after.to))?.setup.language ?? 'pl-PL';
    await this.publisher.publish('call.queued.v1', {
      id: deterministicEventId('call.queued.v1', after.workspaceId, after._id, String(after.enqueueCount)),
      workspaceId: after.workspaceId,
      key: after._id,
      payload: {
        callSid: after._id,
        queue,
        entry: after.enqueueCount,
        enqueuedAt: (after.enqueuedAt ?? this.clock()).toISOString(),
        language: language.slice(0, 2).toLowerCase(),
      },
    });
  }

  /** The call left its queue entry: taken by an agent, or gone (hung up, voicemail, the maximum wait). */
  async left(call: CallDoc, reason: 'taken' | 'left', agentId: string | null = null): Promise<void> {
    if (!call.queue || call.enqueueCount < 1) return;
    await this.offers.withdrawFor(call._id);
    await this.publisher.publish('call.dequeued.v1', {
      id: deterministicEventId('call.dequeued.v1', call.workspaceId, call._id, String(call.enqueueCount)),
      workspaceId: call.workspaceId,
      key: call._id,
      payload: {
        callSid: call._id,
        queue: call.queue,
        entry: call.enqueueCount,
        reason,
        agentId,
        at: this.clock().toISOString(),
      },
    });
  }
}
