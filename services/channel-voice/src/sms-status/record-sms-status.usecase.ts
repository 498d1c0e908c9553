import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { ProviderLinkDoc, SendClaimsRepository } from '@threadline/outbound';
import type { StatusCallbackRepository } from './status-callback.repository';
import type { StatusCallback } from './status-callback';
import { mapTwilioStatus } from './status-mapping';

export type StatusOutcome = 'published' | 'duplicate' | 'ignored' | 'unknown-message';

/**
 * Twilio's news about one of our SMS becomes delivery.updated.v1 for our
 * message id. Order does not matter here: tickets applies only steps forward
 * (a late "sent" after "delivered" changes nothing). An exact repeat is
 * skipped; a repeat racing its original publishes the same event id, which
 * is harmless too.
 */
export class RecordSmsStatus {
  constructor(
    private readonly sends: SendClaimsRepository,
    private readonly seen: StatusCallbackRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    /** How long to wait for the sid of a message whose send is still being recorded. */
    private readonly linkWaitMs = 3000,
  ) {}

  async execute(callback: StatusCallback): Promise<StatusOutcome> {
    const mapped = mapTwilioStatus(callback.messageStatus, callback.errorCode);
    if (!mapped) return 'ignored';
    if (await this.seen.wasSeen(callback.messageSid, callback.messageStatus)) return 'duplicate';
    const link = await this.findLink(callback.messageSid);
    if (!link) {
      // Not one we sent (another app on the account, or records gone): nothing to update; 200 so Twilio stops.
      this.logger.warn({ messageSid: callback.messageSid }, 'status callback for a message we did not send');
      return 'unknown-message';
    }
    await this.publisher.publish('delivery.updated.v1', {
      id: deterministicEventId('delivery.updated.v1', link.messageId, mapped.status),
      workspaceId: link.workspaceId,
      key: link.messageId,
      payload: {
        channel: 'sms',
        messageId: link.messageId,
        status: mapped.status,
        reason: mapped.reason,
        providerMessageId: callback.messageSid,
        at: new Date().toISOString(),
      },
    });
    await this.seen.markSeen(callback.messageSid, callback.messageStatus);
    return 'published';
  }

  /** Twilio can call back before our send has recorded the sid; wait briefly, well inside Twilio's 15 s. */
  private async findLink(sid: string): Promise<ProviderLinkDoc | null> {
    const deadline = Date.now() + this.linkWaitMs;
    for (;;) {
      const link = await this.sends.findLink(sid);
      if (link || Date.now() >= deadline) return link;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}
