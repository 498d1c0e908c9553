import type { EnvelopeOf } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import type { TimeSource } from '@threadline/persistence';
import type { AgentProfileRepository } from '../assignment/agent-profile.repository';
import type { AssignFromQueue } from '../assignment/assign-from-queue';
import type { PresenceRepository, RoutingQueueRepository } from '../assignment/assignment.repositories';
import type { ChangePresence } from '../assignment/change-presence.usecase';
import type { PhoneStateRepository } from '../assignment/phone-state.repository';
import type { WaitingCall, WaitingCallRepository } from './waiting-calls.repository';
import { pickCallAgents, type PhoneAgentNow } from './pick-call-agents';
import type { VoiceOffersClient } from './voice-offers-client';

export interface OfferWaitingCallsDeps {
  waiting: WaitingCallRepository;
  phones: PhoneStateRepository;
  /** Phone presence is presence for tickets too: an agent gone away for calls may start their tickets' grace period. */
  presenceChanged: ChangePresence;
  queues: RoutingQueueRepository;
  presence: PresenceRepository;
  profiles: AgentProfileRepository;
  assign: AssignFromQueue;
  voice: VoiceOffersClient;
  time: TimeSource;
  offerSeconds: number;
  logger: Logger;
}

export type VoiceEvent = EnvelopeOf<'call.queued.v1' | 'call.dequeued.v1' | 'call.offer-ended.v1' | 'voice.presence.v1'>;

/**
 * Waiting callers go to free agents by themselves: a caller who joins a queue
 * is offered to the best free member (`pickCallAgents`); a declined or expired
 * offer goes to the next one; an agent who becomes free is offered the
 * longest-waiting caller. channel-voice holds the offers (one per call, one per
 * agent: unique inserts), so two instances deciding at once never double one.
 * A queue with `businessHoursOnly` offers nothing outside the workspace's
 * business calendar (callers wait for an agent to take them). A call queue
 * without a routing queue of its name offers nothing either: agents take callers by hand.
 */
export class OfferWaitingCalls {
  constructor(private readonly deps: OfferWaitingCallsDeps) {}

  async handle(event: VoiceEvent): Promise<'done' | 'ignored'> {
    const { workspaceId } = event;
    const at = new Date(event.occurredAt);
    switch (event.type) {
      case 'call.queued.v1': {
        const { callSid, queue, entry, enqueuedAt, language } = event.payload;
        const known = await this.deps.waiting.get(workspaceId, callSid);
        if (known && known.entry >= entry) return 'ignored';
        const call = { workspaceId, callSid, queue, entry, enqueuedAt: new Date(enqueuedAt), language, tried: [] };
        await this.deps.waiting.put(call);
        await this.offer(call);
        return 'done';
      }
      case 'call.dequeued.v1': {
        const known = await this.deps.waiting.get(workspaceId, event.payload.callSid);
        if (!known || known.entry > event.payload.entry) return 'ignored';
        await this.deps.waiting.remove(workspaceId, event.payload.callSid);
        return 'done';
      }
      case 'call.offer-ended.v1': {
        const { callSid, entry, agentId, outcome } = event.payload;
        if (outcome !== 'declined' && outcome !== 'expired') return 'ignored';
        const known = await this.deps.waiting.get(workspaceId, callSid);
        if (known && known.entry === entry && !known.tried.includes(agentId)) {
          await this.deps.waiting.put({ ...known, tried: [...known.tried, agentId] });
        }
        // The caller to the next agent, and the agent who said no to the other callers.
        await this.offerAll(workspaceId);
        return 'done';
      }
      case 'voice.presence.v1': {
        const { agentId, status, onCall } = event.payload;
        const before = await this.deps.phones.get(workspaceId, agentId);
        if (before && before.at > at) return 'ignored';
        const free = status === 'available' && !onCall;
        const freeSince = free ? (before?.freeSince ?? at) : null;
        await this.deps.phones.put(workspaceId, agentId, { status, onCall, freeSince }, at);
        await this.deps.presenceChanged.phoneChanged(workspaceId, agentId);
        if (free) await this.offerAll(workspaceId);
        return 'done';
      }
    }
  }

  /** Every waiting caller of the workspace, longest waiting first, to whoever fits best now. */
  private async offerAll(workspaceId: string): Promise<void> {
    for (const call of await this.deps.waiting.ofWorkspace(workspaceId)) await this.offer(call);
  }

  private async offer(call: WaitingCall): Promise<void> {
    const queue = await this.deps.queues.find(call.workspaceId, call.queue);
    if (!queue) return;
    if (!(await this.deps.assign.isOpen(call.workspaceId, queue, this.deps.time.now()))) return;
    const members = await Promise.all(queue.members.map((agentId) => this.agentNow(call.workspaceId, agentId)));
    for (const agentId of pickCallAgents(members, { language: call.language, tried: new Set(call.tried) })) {
      const answer = await this.deps.voice.offer(call.workspaceId, {
        callSid: call.callSid,
        entry: call.entry,
        agentId,
        timeoutSeconds: this.deps.offerSeconds,
      });
      if (answer === 'try-next-agent') continue;
      if (answer === 'placed') this.deps.logger.info({ callSid: call.callSid, agentId }, 'waiting caller offered');
      return;
    }
  }

  private async agentNow(workspaceId: string, agentId: string): Promise<PhoneAgentNow> {
    const [phone, switched, profile] = await Promise.all([
      this.deps.phones.get(workspaceId, agentId),
      this.deps.presence.switchOf(workspaceId, agentId),
      this.deps.profiles.find(workspaceId, agentId),
    ]);
    return { agentId, phone, switchedAway: switched === 'away', profile };
  }
}
