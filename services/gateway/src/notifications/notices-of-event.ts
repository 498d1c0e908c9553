import type { EventEnvelope, TicketNoteAddedV1, TicketUpdatedV1 } from '@threadline/contracts';

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
export function noticesOf(event: EventEnvelope): NoticeFor[] {
  if (event.type === 'ticket.updated.v1') {
    const payload = event.payload as TicketUpdatedV1;
    const to = payload.changes.assigneeId?.to ?? null;
    if (to === null || payload.actor.id === to) return [];
    return [{ agentId: to, kind: 'assigned', number: payload.number, at: payload.at }];
  }
  if (event.type === 'ticket.note-added.v1') {
    const payload = event.payload as TicketNoteAddedV1;
    return [...new Set(payload.mentions)]
      .filter((agentId) => agentId !== payload.authorId)
      .map((agentId) => ({ agentId, kind: 'mentioned' as const, number: payload.number, at: payload.at }));
  }
  return [];
}
