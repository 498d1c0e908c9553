/** What an open console needs to refresh for one live event (an SSE frame of GET /api/v1/live). */
export interface LiveMessage {
  type: string;
  /** The event's id (the SSE frame's `id`). */
  eventId?: string;
  number: number | null;
  payload?: Record<string, unknown>;
}

export type Refresh = { lists: boolean; ticket: number | null };

/** Ticket events refresh the lists and that ticket's screen; chat signals are only for the ticket's own stream. */
export function refreshFor(message: LiveMessage): Refresh {
  if (!message.type.startsWith('ticket.')) return { lists: false, ticket: null };
  const into = message.payload?.intoNumber;
  return { lists: true, ticket: typeof into === 'number' && message.type === 'ticket.merged.v1' ? into : message.number };
}

/** The ticket events the gateway streams, by name (EventSource listens per event name). */
export const TICKET_EVENT_TYPES = [
  'ticket.created.v1',
  'ticket.message-added.v1',
  'ticket.updated.v1',
  'ticket.note-added.v1',
  'ticket.merged.v1',
  'ticket.delivery-updated.v1',
] as const;

/** Something the agent should notice: a ticket handed to them, or a note naming them. */
export interface Notice {
  kind: 'assigned' | 'mentioned';
  number: number;
  /** The stored notice's id (`<event id>:<agent id>`), so a repeated frame or the stored copy does not notify twice. */
  key: string;
}

const field = (payload: Record<string, unknown> | undefined, name: string): unknown => payload?.[name];

/** Whether a live event concerns the agent personally (never their own doing). */
export function noticeFor(message: LiveMessage & { occurredAt?: string }, myId: string): Notice | null {
  if (message.number === null) return null;
  const actor = field(message.payload, 'actor') as { id?: unknown } | undefined;
  if (actor?.id === myId || field(message.payload, 'authorId') === myId) return null;
  const key = message.eventId
    ? `${message.eventId}:${myId}`
    : `${message.type}:${message.number}:${String(field(message.payload, 'noteId') ?? message.occurredAt ?? '')}`;
  if (message.type === 'ticket.note-added.v1') {
    const mentions = field(message.payload, 'mentions');
    return Array.isArray(mentions) && mentions.includes(myId) ? { kind: 'mentioned', number: message.number, key } : null;
  }
  if (message.type === 'ticket.updated.v1') {
    const changes = field(message.payload, 'changes') as { assigneeId?: { to?: unknown } } | undefined;
    return changes?.assigneeId?.to === myId ? { kind: 'assigned', number: message.number, key } : null;
  }
  return null;
}
