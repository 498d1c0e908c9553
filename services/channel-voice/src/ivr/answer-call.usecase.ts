import { normalizePhone } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import { openStateAt, type OpenState } from '@threadline/business-calendar';
import type { CallRepository } from '../call-records/call.repository';
import type { QueueEntries } from '../call-queues/queue-entries';
import { callSidOf, textOf } from '../twilio-webhooks/call-form';
import type { TwilioForm } from '../twilio-webhooks/twilio-form';
import type { CallLines } from './call-lines';
import { hangupTwiml, incomingCallTwiml, stepTwiml } from './call-twiml';
import { answerIncoming, chooseOption, type CallStep } from './ivr-decision';

const UNKNOWN_NUMBER = 'Ten numer jest nieaktywny. Do widzenia.';

/**
 * The IVR: a new call gets the greeting and the main menu (or, when closed,
 * the closed message and voicemail); each answer leads on. Only the store is
 * touched (and Kafka when a caller joins a queue), so Twilio gets its TwiML at once.
 */
export class AnswerCall {
  constructor(
    private readonly lines: CallLines,
    private readonly calls: CallRepository,
    private readonly entries: QueueEntries,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async incoming(form: TwilioForm): Promise<string> {
    const callSid = callSidOf(form);
    const to = textOf(form, 'To');
    const line = await this.lines.line(to);
    if (!line) {
      this.logger.warn({ callSid, to }, 'call to a number no workspace owns; hung up');
      return hangupTwiml(UNKNOWN_NUMBER);
    }
    await this.calls.open({
      _id: callSid,
      workspaceId: line.workspaceId,
      from: normalizePhone(textOf(form, 'From')),
      to,
      status: textOf(form, 'CallStatus') || 'ringing',
    });
    const now = this.clock();
    const open: OpenState = line.setup.hours ? openStateAt(line.setup.hours, now) : { open: true };
    const step = answerIncoming(line.setup, open);
    await this.apply(callSid, step, !open.open && open.reason === 'holiday' ? open.holiday : null);
    this.logger.info({ callSid, workspaceId: line.workspaceId, step: step.kind }, 'call answered');
    return incomingCallTwiml(step, line.twiml);
  }

  async menu(form: TwilioForm, menuId: string, attempt: number): Promise<string> {
    const callSid = callSidOf(form);
    const call = await this.calls.get(callSid);
    const line = call && (await this.lines.line(call.to));
    if (!call || !line) return hangupTwiml();
    const step = chooseOption(line.setup, menuId, attempt, {
      digits: textOf(form, 'Digits'),
      speech: textOf(form, 'SpeechResult'),
    });
    await this.apply(callSid, step, null);
    return stepTwiml(step, line.twiml);
  }

  /** Remembers what the step means for the call's record (queue entered, message heard, voicemail offered). */
  private async apply(callSid: string, step: CallStep, holiday: string | null): Promise<void> {
    if (step.kind === 'queue') {
      const call = await this.calls.get(callSid);
      if (call) await this.entries.enter(call, step.queue);
    } else if (step.kind === 'message') {
      await this.calls.change(callSid, { messagePlayed: true });
    } else if (step.kind === 'voicemail') {
      await this.calls.change(callSid, { voicemail: { reason: step.reason, holiday } });
    }
  }
}
