import type { TypedEnvelope } from '@threadline/contracts';
import { announceDelivery, type EventPublisher, type HandlerOutcome } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { sendWithRetries, type ProviderBreaker } from '@threadline/resilience';
import type { NumberDirectory } from '../numbers/number-directory';
import type { SmsSender } from '../twilio/sms-sender';
import { classifySendError } from '../twilio/twilio-errors';
import type { VoiceMetrics } from '../voice-metrics';
import type { SmsSendDoc, SmsSendRepository } from './sms-send.repository';

export interface SendSmsDeps {
  sends: SmsSendRepository;
  numbers: NumberDirectory;
  sender: SmsSender;
  breaker: ProviderBreaker;
  publisher: EventPublisher;
  metrics: VoiceMetrics;
  logger: Logger;
  statusCallbackUrl: string;
  attempts: number;
  retryDelayMs: number;
}

type Result = { ok: true; from: string; sid: string } | { ok: false; reason: string };

/**
 * An agent's SMS reply, sent at most once per message id and never silently
 * lost: whatever happens, delivery.updated.v1 says sent (with Twilio's
 * MessageSid) or failed (with the reason).
 */
export class SendSms {
  constructor(private readonly deps: SendSmsDeps) {}

  async execute(event: TypedEnvelope<'outbound.requested.v1'>): Promise<HandlerOutcome> {
    const { workspaceId, payload } = event;
    const to = payload.to.kind === 'phone' ? payload.to.value : null;
    const { claimed, doc } = await this.deps.sends.claim(payload.messageId, workspaceId, to ?? payload.to.value);
    if (!claimed) return this.repeat(event, doc);

    const result = to
      ? await this.send(workspaceId, to, payload.from, payload.text)
      : fail(`cannot text a ${payload.to.kind} identity`);
    if (result.ok) {
      // The link first: Twilio's first status callback may arrive before we have published "sent".
      await this.deps.sends.linkSid(result.sid, payload.messageId, workspaceId);
      await this.deps.sends.markSent(payload.messageId, result.from, result.sid);
      await announceDelivery(this.deps.publisher, event, 'sms', { status: 'sent', reason: null, providerMessageId: result.sid });
    } else {
      await this.deps.sends.markFailed(payload.messageId, result.reason);
      this.deps.logger.warn({ messageId: payload.messageId, reason: result.reason }, 'SMS not sent');
      await announceDelivery(this.deps.publisher, event, 'sms', {
        status: 'failed',
        reason: result.reason,
        providerMessageId: null,
      });
    }
    this.deps.metrics.smsSent.inc({ outcome: result.ok ? 'sent' : 'failed' });
    return 'done';
  }

  /**
   * The event came again (redelivery after a crash or rebalance): Twilio is
   * not called again. The recorded outcome is re-announced (in case the crash
   * came before that); a send interrupted half-way has an unknown outcome and
   * is reported failed rather than risking a second SMS.
   */
  private async repeat(event: TypedEnvelope<'outbound.requested.v1'>, doc: SmsSendDoc): Promise<HandlerOutcome> {
    const messageId = event.payload.messageId;
    this.deps.metrics.smsSent.inc({ outcome: 'duplicate' });
    if (doc.state === 'sent' && doc.providerMessageId) {
      await announceDelivery(this.deps.publisher, event, 'sms', {
        status: 'sent',
        reason: null,
        providerMessageId: doc.providerMessageId,
      });
      return 'duplicate';
    }
    const reason = doc.reason ?? 'sending was interrupted; not resent because it may have gone out';
    if (doc.state === 'sending') await this.deps.sends.markFailed(messageId, reason);
    await announceDelivery(this.deps.publisher, event, 'sms', { status: 'failed', reason, providerMessageId: null });
    return 'duplicate';
  }

  /** `preferred`: the number the customer last wrote to on this ticket (tickets puts it in the request), so they know who answers. */
  private async send(workspaceId: string, to: string, preferred: string | null, body: string): Promise<Result> {
    const from = await this.deps.numbers.senderFor(workspaceId, preferred);
    if (!from) return fail('the workspace has no Twilio number to send from');
    const sms = { to, from, body, statusCallback: this.deps.statusCallbackUrl };
    const outcome = await sendWithRetries({
      label: 'Twilio',
      call: (signal) => this.deps.sender.send(sms, signal),
      classify: classifySendError,
      breaker: this.deps.breaker,
      logger: this.deps.logger,
      attempts: this.deps.attempts,
      retryDelayMs: this.deps.retryDelayMs,
    });
    return outcome.ok ? { ok: true, from, sid: outcome.value.providerMessageId } : fail(outcome.reason);
  }
}

function fail(reason: string): Result {
  return { ok: false, reason };
}
