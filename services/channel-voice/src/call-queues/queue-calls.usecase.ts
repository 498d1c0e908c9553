import type { Logger } from '@threadline/observability';
import type { PhonePresence } from '../agent-presence/phone-presence';
import type { CallRepository } from '../call-records/call.repository';
import type { CallLines } from '../ivr/call-lines';
import { afterWaitChoiceTwiml, hangupTwiml, holdTwiml, stepTwiml } from '../ivr/call-twiml';
import { holdStep } from '../ivr/ivr-decision';
import { callSidOf, secondsOf, textOf } from '../twilio-webhooks/call-form';
import type { TwilioForm } from '../twilio-webhooks/twilio-form';
import type { QueueEntries } from './queue-entries';

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
/** The caller goes to voicemail because nobody answered within the queue's maximum wait. */
const MAX_WAIT_VOICEMAIL = { voicemail: { reason: 'max-wait' as const, holiday: null } };

/**
 * A caller's time in a queue, from Twilio's side: the wait URL (position,
 * expected wait, voicemail after the maximum wait), the Enqueue action (how
 * the caller left the queue) and the end of the dial to the agent.
 */
export class QueueCalls {
  constructor(
    private readonly lines: CallLines,
    private readonly calls: CallRepository,
    private readonly presence: PhonePresence,
    private readonly entries: QueueEntries,
    private readonly logger: Logger,
  ) {}

  /** Twilio's waitUrl: QueuePosition, QueueTime, AvgQueueTime, CurrentQueueSize. */
  async wait(form: TwilioForm, queue: string): Promise<string> {
    const callSid = callSidOf(form);
    const call = await this.calls.get(callSid);
    const line = call && (await this.lines.line(call.to));
    const settings = line?.setup.queues[queue];
    if (!call || !line || !settings) return EMPTY;
    const queueTime = secondsOf(form, 'QueueTime') ?? 0;
    const step = holdStep(settings.maxWaitSeconds, {
      position: secondsOf(form, 'QueuePosition') ?? 1,
      queueTime,
      avgQueueTime: secondsOf(form, 'AvgQueueTime') ?? 0,
    });
    await this.calls.change(callSid, { waitSeconds: Math.max(queueTime, call.waitSeconds ?? 0) });
    return holdTwiml(step, settings.holdMessage, line.setup);
  }

  /**
   * The Enqueue action: QueueResult says how the caller left. `leave` (our
   * maximum wait) → voicemail, or first the choice of voicemail or a call
   * back when the queue offers it; `hangup` → given up; `redirected` → an agent
   * took the call (its new TwiML runs, this answer is not used).
   */
  async queueResult(form: TwilioForm, queue: string): Promise<string> {
    const callSid = callSidOf(form);
    const call = await this.calls.get(callSid);
    const line = call && (await this.lines.line(call.to));
    if (!call || !line) return hangupTwiml();
    const result = textOf(form, 'QueueResult');
    const queueTime = secondsOf(form, 'QueueTime');
    const waitSeconds = queueTime === null ? call.waitSeconds : Math.max(queueTime, call.waitSeconds ?? 0);
    switch (result) {
      case 'redirected':
      case 'bridged':
      case 'bridging-in-process':
        return EMPTY;
      case 'leave':
      case 'queue-full':
      case 'error':
      case 'system-error': {
        // A withheld number cannot be called back.
        const choice = result === 'leave' && line.setup.queues[queue]?.offerCallback === true && call.from !== null;
        if (call.queueState === 'waiting') {
          await this.calls.change(callSid, { queueState: 'left', waitSeconds, ...(choice ? {} : MAX_WAIT_VOICEMAIL) });
          await this.entries.left(call, 'left');
        }
        if (choice) {
          this.logger.info({ callSid, queue }, 'caller left the queue: voicemail or a call back');
          return afterWaitChoiceTwiml(queue, line.twiml);
        }
        this.logger.info({ callSid, queue, result }, 'caller left the queue for voicemail');
        return stepTwiml({ kind: 'voicemail', prompt: line.setup.voicemailPrompt, reason: 'max-wait' }, line.twiml);
      }
      default:
        // hangup: the caller gave up waiting.
        if (call.queueState === 'waiting') {
          await this.calls.change(callSid, { queueState: 'left', waitSeconds });
          await this.entries.left(call, 'left');
        }
        return EMPTY;
    }
  }

  /** The caller's choice after the maximum wait: 2 → we call back (the call ends); anything else → voicemail. */
  async afterWait(form: TwilioForm, queue: string): Promise<string> {
    const callSid = callSidOf(form);
    const call = await this.calls.get(callSid);
    const line = call && (await this.lines.line(call.to));
    if (!call || !line) return hangupTwiml();
    if (textOf(form, 'Digits') === '2') {
      await this.calls.change(callSid, { callbackRequested: true });
      this.logger.info({ callSid, queue }, 'caller asked to be called back');
      return hangupTwiml('Dziękujemy. Oddzwonimy najszybciej, jak to możliwe. Do widzenia.', line.setup.language);
    }
    await this.calls.change(callSid, MAX_WAIT_VOICEMAIL);
    return stepTwiml({ kind: 'voicemail', prompt: line.setup.voicemailPrompt, reason: 'max-wait' }, line.twiml);
  }

  /**
   * The <Dial> to the agent ended (DialCallStatus, DialCallDuration). Answered:
   * that was the conversation. Not answered: the caller goes back to the queue.
   */
  async dialDone(form: TwilioForm, queue: string): Promise<string> {
    const callSid = callSidOf(form);
    const call = await this.calls.get(callSid);
    const line = call && (await this.lines.line(call.to));
    if (!call || !line) return hangupTwiml();
    if (call.takenBy) await this.presence.callEnded(call.workspaceId, call.takenBy, callSid);
    const status = textOf(form, 'DialCallStatus');
    if (status === 'completed' || status === 'answered') {
      await this.calls.change(callSid, { answered: true, talkSeconds: secondsOf(form, 'DialCallDuration') ?? 0 });
      return hangupTwiml();
    }
    this.logger.info({ callSid, queue, status, agentId: call.takenBy }, 'agent did not answer; caller back in the queue');
    await this.calls.change(callSid, { takenBy: null, takenAt: null });
    await this.entries.enter({ ...call, queue: call.queue ?? queue }, call.queue ?? queue);
    return stepTwiml({ kind: 'queue', queue: call.queue ?? queue }, line.twiml, 'Konsultant nie odebrał. Wracasz do kolejki.');
  }
}
