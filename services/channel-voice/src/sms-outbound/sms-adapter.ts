import type { TypedEnvelope } from '@threadline/contracts';
import type { ChannelAdapter, Prepared } from '@threadline/outbound';
import type { ClassifiedSendError } from '@threadline/resilience';
import type { NumberDirectory } from '../numbers/number-directory';
import type { OutgoingSms, SmsSender } from '../twilio/sms-sender';
import { classifySendError } from '../twilio/twilio-errors';

/** An agent's reply by SMS: to the customer's number, from the workspace's number they last wrote to. */
export class SmsAdapter implements ChannelAdapter<OutgoingSms> {
  readonly channel = 'sms' as const;

  constructor(
    private readonly numbers: NumberDirectory,
    private readonly sender: SmsSender,
    /** Where Twilio reports the message's delivery (this service's status webhook). */
    private readonly statusCallback: string,
  ) {}

  /** `payload.from`: the number the customer last wrote to on this ticket (tickets puts it in the request), so they know who answers. */
  async prepare(event: TypedEnvelope<'outbound.requested.v1'>): Promise<Prepared<OutgoingSms>> {
    const { to, from: preferred, text } = event.payload;
    if (to.kind !== 'phone') return { ok: false, reason: `cannot text a ${to.kind} identity` };
    const from = await this.numbers.senderFor(event.workspaceId, preferred);
    if (!from) return { ok: false, reason: 'the workspace has no Twilio number to send from' };
    return { ok: true, via: from, target: { to: to.value, from, body: text, statusCallback: this.statusCallback } };
  }

  send(sms: OutgoingSms, signal: AbortSignal): Promise<{ providerMessageId: string }> {
    return this.sender.send(sms, signal);
  }

  classify(error: unknown): ClassifiedSendError {
    return classifySendError(error);
  }
}
