import type { AnyEvent } from '@threadline/contracts';

export type NoticeKind = 'assigned' | 'mentioned';

/** One agent's notice of one ticket event. */
export interface NoticeFor {
  agentId: string;
  kind: NoticeKind;
  number: number;
  at: string;
}

/**
 * Whom a ticket event concerns personally: the agent a ticket was handed to,
 * the agents a note names. Never someone for their own doing.
 */
export function noticesOf(event: AnyEvent): NoticeFor[] {
  switch (event.type) {
    case 'ticket.updated.v1': {
      const { changes, actor, number, at } = event.payload;
      const to = changes.assigneeId?.to ?? null;
      if (to === null || actor.id === to) return [];
      return [{ agentId: to, kind: 'assigned', number, at }];
    }
    case 'ticket.note-added.v1': {
      const { mentions, authorId, number, at } = event.payload;
      return [...new Set(mentions)]
        .filter((agentId) => agentId !== authorId)
        .map((agentId) => ({ agentId, kind: 'mentioned' as const, number, at }));
    }
    default:
      return [];
  }
}
