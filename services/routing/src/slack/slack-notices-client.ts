import type { SlackNoticeBody } from '@threadline/contracts';
import type { ServiceTokenMinter } from '@threadline/service-runtime';
import { InternalClient, TicketCommandRefused } from '../tickets/tickets-client';

/**
 * channel-social's Slack notifications, posted by the workspace's Slack team
 * bot for a rule's notify action. The idempotency key derived from the firing
 * makes a retried event post nothing twice. Without CHANNEL_SOCIAL_URL every
 * post is refused (a ✗ line on the timeline), never retried.
 */
export class SlackNoticesClient {
  private readonly client: InternalClient | null;

  constructor(baseUrl: string | undefined, tokens: ServiceTokenMinter) {
    this.client = baseUrl
      ? new InternalClient({ name: 'channel-social', baseUrl }, tokens, { role: 'service', timeoutMs: 15_000 })
      : null;
  }

  async post(workspaceId: string, notice: SlackNoticeBody, idempotencyKey: string): Promise<void> {
    if (!this.client) {
      throw new TicketCommandRefused(503, 'SLACK_NOT_CONFIGURED', 'routing has no CHANNEL_SOCIAL_URL to post to Slack');
    }
    await this.client.call(workspaceId, 'slack/notifications', { method: 'POST', body: notice, idempotencyKey });
  }
}
