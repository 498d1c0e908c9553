import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { PhonePresence } from '../agent-presence/phone-presence';
import type { QueueEntries } from '../call-queues/queue-entries';
import type { CallLines } from '../ivr/call-lines';
import type { StatusCallbackRepository } from '../sms-status/status-callback.repository';
import { callSidOf, secondsOf, textOf } from '../twilio-webhooks/call-form';
import type { TwilioForm } from '../twilio-webhooks/twilio-form';
import type { VoiceMetrics } from '../voice-metrics';
import type { CallDoc, CallRecording, CallRepository } from './call.repository';
import { isTerminal, movesForward } from './call-status';
import { callToContact } from './call-summary';

export type CallEventOutcome = 'applied' | 'duplicate' | 'stale' | 'unknown-call';

/**
 * Twilio's news about a call — status callbacks, recordings — kept on the
 * call's record. When the call has ended (and its voicemail recording, if
 * one was being made, is known) it becomes one contact.received.v1, published
 * before Twilio gets its answer; its event id derives from the CallSid, so a
 * repeat publishes the same event and tickets keeps one contact.
 */
export class RecordCallEvents {
  constructor(
    private readonly calls: CallRepository,
    private readonly seen: StatusCallbackRepository,
    private readonly presence: PhonePresence,
    private readonly entries: QueueEntries,
    private readonly lines: CallLines,
    private readonly publisher: EventPublisher,
    private readonly metrics: VoiceMetrics,
    private readonly logger: Logger,
  ) {}

  /** POST /voice/status: CallSid + CallStatus is the idempotency key; only forward steps apply. */
  async status(form: TwilioForm): Promise<CallEventOutcome> {
    return this.applyStatus(callSidOf(form), textOf(form, 'CallStatus'), secondsOf(form, 'CallDuration'));
  }

  /** A call's status as Twilio reports it, by callback or when the sweeper asks Twilio (the same rules either way). */
  async applyStatus(callSid: string, status: string, durationSeconds: number | null): Promise<CallEventOutcome> {
    if (await this.seen.wasSeen(callSid, status)) return 'duplicate';
    const call = await this.calls.get(callSid);
    if (!call) {
      this.logger.warn({ callSid, status }, 'status callback for a call we never answered; ignored');
      return 'unknown-call';
    }
    let outcome: CallEventOutcome = 'stale';
    if (movesForward(call.status, status)) {
      const ended = isTerminal(status);
      const after = await this.calls.change(callSid, {
        status,
        ...(ended
          ? {
              ended: true,
              endedAt: new Date(),
              durationSeconds,
              ...(call.queueState === 'waiting' ? { queueState: 'left' as const } : {}),
            }
          : {}),
      });
      if (ended && after) {
        // The caller hung up while waiting: off the queue, their offer withdrawn.
        if (call.queueState === 'waiting') await this.entries.left(call, 'left');
        if (after.takenBy) await this.presence.callEnded(after.workspaceId, after.takenBy, callSid);
        await this.publishIfDone(after);
      }
      outcome = 'applied';
    }
    await this.seen.markSeen(callSid, status);
    return outcome;
  }

  /** The <Record> action (RecordingUrl, RecordingDuration, RecordingSid right after the caller finished). */
  async voicemailDone(form: TwilioForm): Promise<void> {
    await this.keepRecording(form);
  }

  /** recordingStatusCallback: completed with the recording, or absent/failed when none will come. */
  async recording(form: TwilioForm): Promise<CallEventOutcome> {
    const status = textOf(form, 'RecordingStatus') || 'completed';
    if (status === 'completed') return this.keepRecording(form);
    return this.settleWithoutRecording(callSidOf(form));
  }

  /** No recording will come (Twilio said absent or failed, or the sweeper gave up waiting): the voicemail call ends without one. */
  async settleWithoutRecording(callSid: string): Promise<CallEventOutcome> {
    const after = await this.calls.change(callSid, { recordingSettled: true });
    if (!after) return 'unknown-call';
    await this.publishIfDone(after);
    return 'applied';
  }

  private async keepRecording(form: TwilioForm): Promise<CallEventOutcome> {
    const url = textOf(form, 'RecordingUrl');
    const sid = textOf(form, 'RecordingSid');
    if (!url || !sid) return 'stale';
    return this.keepRecordingOf(callSidOf(form), { sid, url, durationSeconds: secondsOf(form, 'RecordingDuration') ?? 0 });
  }

  /** The call's voicemail recording, from a callback or found at Twilio by the sweeper. */
  async keepRecordingOf(callSid: string, recording: CallRecording): Promise<CallEventOutcome> {
    const call = await this.calls.get(callSid);
    if (!call) return 'unknown-call';
    if (call.recording?.sid === recording.sid) return 'duplicate';
    const after = await this.calls.change(callSid, { recording, recordingSettled: true });
    if (after) await this.publishIfDone(after);
    return 'applied';
  }

  /** One contact per call, once it ended and nothing more is expected (a voicemail's recording). */
  private async publishIfDone(call: CallDoc): Promise<void> {
    if (!call.ended || call.contactPublished) return;
    if (call.voicemail && !call.recording && !call.recordingSettled) return;
    if (!call.from) {
      this.logger.warn({ callSid: call._id, workspaceId: call.workspaceId }, 'call from a withheld number: no contact');
      this.metrics.callsEnded.inc({ outcome: 'withheld-number' });
      await this.calls.finish(call._id);
      return;
    }
    const ticketQueue = call.queue ? ((await this.lines.line(call.to))?.setup.queues[call.queue]?.ticketQueue ?? null) : null;
    const payload = callToContact({ ...call, from: call.from }, ticketQueue);
    await this.publisher.publish('contact.received.v1', {
      id: deterministicEventId('contact.received.v1', call.workspaceId, 'voice', call._id),
      workspaceId: call.workspaceId,
      key: `phone:${call.from}`,
      payload,
    });
    await this.calls.finish(call._id);
    this.metrics.callsEnded.inc({ outcome: payload.call?.outcome ?? 'missed' });
    this.logger.info(
      { callSid: call._id, workspaceId: call.workspaceId, outcome: payload.call?.outcome },
      'call became a contact',
    );
  }
}
