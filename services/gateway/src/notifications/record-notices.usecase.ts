import type { AnyEvent } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { AgentNoticeRepository } from './agent-notice.repository';
import { noticesOf } from './notices-of-event';

/** Keeps the notices a ticket event gives agents (assigned to them, mentioned in a note). */
export class RecordNotices {
  constructor(private readonly notices: AgentNoticeRepository) {}

  async execute(event: AnyEvent): Promise<HandlerOutcome> {
    const notices = noticesOf(event);
    if (notices.length === 0) return 'ignored';
    const added = await this.notices.addOnce(
      event.id,
      event.workspaceId,
      notices.map(({ agentId, kind, number, at }) => ({ agentId, kind, number, at: new Date(at) })),
    );
    return added ? 'done' : 'duplicate';
  }
}
