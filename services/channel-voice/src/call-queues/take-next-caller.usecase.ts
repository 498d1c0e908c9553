import { normalizePhone } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from '@threadline/resilience';
import type { PhonePresence } from '../agent-presence/phone-presence';
import type { CallDoc, CallRepository } from '../call-records/call.repository';
import type { CallLines } from '../ivr/call-lines';
import { connectAgentTwiml } from '../ivr/call-twiml';
import { VOICE_PATHS } from '../ivr/voice-urls';
import type { CallControl } from '../twilio/twilio-call-control';
import { isPermanentSendError } from '../twilio/twilio-errors';
import type { QueueEntries } from './queue-entries';

export interface TakenCall {
  callSid: string;
  from: string | null;
  queue: string;
  waitSeconds: number;
  /** Where the call rings now. */
  connectTo: string;
}

type Target = { kind: 'phone' | 'client'; value: string };

export class VoiceRequestError extends Error {
  constructor(
    readonly code: 'UNKNOWN_QUEUE' | 'INVALID_PHONE' | 'TWILIO_UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * An agent takes the longest-waiting caller of a queue. Exactly one agent
 * gets each caller (a unique insert per queue entry decides, so two agents on
 * two instances never both win); then Twilio is told to take that very call
 * out of its queue and dial the agent — `Calls/{CallSid}` updated with
 * `<Dial><Number|Client>`, whose end (dial-done) tells us the talk time, or
 * puts the caller back when the agent does not answer.
 */
export class TakeNextCaller {
  constructor(
    private readonly lines: CallLines,
    private readonly calls: CallRepository,
    private readonly presence: PhonePresence,
    private readonly entries: QueueEntries,
    private readonly control: CallControl,
    private readonly breaker: ProviderBreaker,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(workspaceId: string, queue: string, agentId: string, phone: string | null): Promise<TakenCall | null> {
    if (!(await this.lines.linesOf(workspaceId)).some((line) => line.setup.queues[queue])) {
      throw new VoiceRequestError('UNKNOWN_QUEUE', `no call queue "${queue}"`);
    }
    const target = await this.targetOf(workspaceId, agentId, phone);
    for (const call of await this.calls.waiting(workspaceId)) {
      if (call.queue !== queue) continue;
      const taken = await this.take(call, queue, agentId, target);
      if (taken) return taken;
    }
    return null;
  }

  /**
   * The agent takes one caller (an offer they accepted): that queue entry of that call, if it still waits
   * and nobody took it first. Null: the caller is gone or taken.
   */
  async takeCall(workspaceId: string, callSid: string, entry: number, agentId: string, phone: string | null) {
    const target = await this.targetOf(workspaceId, agentId, phone);
    const call = await this.calls.get(callSid);
    if (!call || call.workspaceId !== workspaceId || call.ended || call.queueState !== 'waiting') return null;
    if (call.enqueueCount !== entry || !call.queue) return null;
    return this.take(call, call.queue, agentId, target);
  }

  /** Null when another agent claimed this entry first or the caller is gone. */
  private async take(call: CallDoc, queue: string, agentId: string, target: Target): Promise<TakenCall | null> {
    const workspaceId = call.workspaceId;
    if (!(await this.calls.claimTake(call, agentId))) return null;
    const line = await this.lines.line(call.to);
    if (!line) return null;
    const now = this.clock();
    const waitSeconds = Math.max(
      call.waitSeconds ?? 0,
      call.enqueuedAt ? Math.round((now.getTime() - call.enqueuedAt.getTime()) / 1000) : 0,
    );
    await this.calls.change(call._id, { queueState: 'taken', takenBy: agentId, takenAt: now, waitSeconds });
    await this.entries.left(call, 'taken', agentId);
    await this.presence.set(workspaceId, agentId, { onCall: call._id });
    const twiml = connectAgentTwiml(target, call.to, line.twiml.urls.url(VOICE_PATHS.dialDone, { queue }), line.setup);
    try {
      await this.breaker.call((signal) => this.control.redirect(call._id, twiml, signal));
    } catch (error) {
      await this.calls.change(call._id, { takenBy: null, takenAt: null });
      await this.presence.callEnded(workspaceId, agentId, call._id);
      if (isPermanentSendError(error)) {
        // Twilio refuses for good (21220: the caller hung up meanwhile): that caller is gone, try the next one.
        this.logger.info({ callSid: call._id, agentId, err: error }, 'caller no longer reachable; taking the next one');
        await this.calls.change(call._id, { queueState: 'left' });
        return null;
      }
      // Twilio did not take the instruction: the caller is still waiting, for the next agent (a new queue entry).
      this.logger.warn({ callSid: call._id, agentId, err: error }, 'could not hand the caller to the agent');
      await this.entries.enter({ ...call, queueState: 'waiting' }, queue);
      throw new VoiceRequestError('TWILIO_UNAVAILABLE', 'Twilio did not accept the call transfer; the caller keeps waiting');
    }
    this.logger.info({ callSid: call._id, agentId, queue, waitSeconds }, 'agent took a caller');
    return {
      callSid: call._id,
      from: call.from,
      queue,
      waitSeconds,
      connectTo: target.kind === 'phone' ? target.value : `client:${target.value}`,
    };
  }

  /** The agent's phone from the request, else from their presence, else their Twilio Client (identity = agent id). */
  private async targetOf(workspaceId: string, agentId: string, phone: string | null): Promise<Target> {
    const given = phone ?? (await this.presence.get(workspaceId, agentId))?.phone ?? null;
    if (given === null) return { kind: 'client', value: agentId };
    const normalized = normalizePhone(given);
    if (!normalized) throw new VoiceRequestError('INVALID_PHONE', 'phone must be a phone number');
    return { kind: 'phone', value: normalized };
  }
}
