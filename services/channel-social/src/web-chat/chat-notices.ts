import type { Logger } from '@threadline/observability';
import type { InternalApiClient } from '@threadline/service-runtime';

/** What the widget shows visitors about their data, in both languages (it picks the page's). */
export interface ChatNotice {
  pl: string;
  en: string;
}

interface Entry {
  notice: ChatNotice | null;
  fetchedAt: number;
}

/**
 * Each workspace's chat notice, read from the tickets service (which keeps
 * the survey and notice settings) and kept for `ttlMs`: a visitor's hello
 * costs no call within it, and an admin's change shows within it. When
 * tickets does not answer the last known text stays (asked again after the
 * TTL); with none, null: the chat goes on without a notice rather than failing.
 */
export class ChatNotices {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly tickets: InternalApiClient | null,
    private readonly ttlMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async of(workspaceId: string): Promise<ChatNotice | null> {
    if (!this.tickets) return null;
    const entry = this.entries.get(workspaceId);
    if (entry && this.now() - entry.fetchedAt < this.ttlMs) return entry.notice;
    try {
      const response = await this.tickets.asItself(workspaceId, 'surveys/chat-notice', { timeoutMs: 2_000 });
      if (!response.ok) throw new Error(`tickets answered ${response.status}`);
      const notice = (await response.json()) as ChatNotice;
      this.entries.set(workspaceId, { notice, fetchedAt: this.now() });
      return notice;
    } catch (error) {
      this.logger.warn({ err: error, workspaceId }, 'chat notice not read from tickets');
      // Asked again only after the TTL: a tickets outage does not cost every hello a timeout.
      const kept = entry?.notice ?? null;
      this.entries.set(workspaceId, { notice: kept, fetchedAt: this.now() });
      return kept;
    }
  }
}
