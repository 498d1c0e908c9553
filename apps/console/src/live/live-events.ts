/** What an open console needs to refresh for one live event (an SSE frame of GET /api/v1/live). */
export interface LiveMessage {
  type: string;
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
