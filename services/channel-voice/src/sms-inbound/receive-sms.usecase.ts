import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { NumberDirectory } from '../numbers/number-directory';
import type { VoiceMetrics } from '../voice-metrics';
import { smsToContact, type InboundSms } from './inbound-sms';

export type ReceiveOutcome = 'published' | 'unknown-number' | 'unusable-sender';

/**
 * An SMS from a customer becomes contact.received.v1, acknowledged by Kafka
 * before Twilio gets its 200. A retried webhook publishes the same event id
 * again; tickets recognises the contact by its MessageSid.
 */
export class ReceiveSms {
  constructor(
    private readonly numbers: NumberDirectory,
    private readonly publisher: EventPublisher,
    private readonly metrics: VoiceMetrics,
    private readonly logger: Logger,
  ) {}

  async execute(sms: InboundSms, receivedAt = new Date()): Promise<ReceiveOutcome> {
    const outcome = await this.receive(sms, receivedAt);
    this.metrics.smsReceived.inc({ outcome });
    return outcome;
  }

  private async receive(sms: InboundSms, receivedAt: Date): Promise<ReceiveOutcome> {
    const workspaceId = await this.numbers.workspaceOf(sms.to);
    if (!workspaceId) {
      // Answered 200 all the same: Twilio would only retry a message no workspace will ever own.
      this.logger.warn({ to: sms.to, messageSid: sms.messageSid }, 'SMS to a number no workspace owns; dropped');
      return 'unknown-number';
    }
    const from = sms.from;
    if (!from) {
      this.logger.warn({ messageSid: sms.messageSid, workspaceId }, 'SMS from a sender that is no phone number; dropped');
      return 'unusable-sender';
    }
    await this.publisher.publish('contact.received.v1', {
      id: deterministicEventId('contact.received.v1', workspaceId, 'sms', sms.messageSid),
      workspaceId,
      key: `phone:${from}`,
      payload: smsToContact({ ...sms, from }, receivedAt),
    });
    this.logger.info({ messageSid: sms.messageSid, workspaceId, media: sms.media.length }, 'SMS received');
    return 'published';
  }
}
