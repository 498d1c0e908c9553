import { TICKET_EVENT_TYPES, type LiveMessage } from './live-events';
import { openTokenStream } from './token-stream';

const CHAT_SIGNAL_TYPES = ['chat.typing.v1', 'chat.read.v1'] as const;

export interface LiveStreamHandlers {
  onMessage: (message: LiveMessage) => void;
  /** true once the stream is open (again): the screen reloads what it shows, so nothing missed stays missing. */
  onConnected: (connected: boolean) => void;
}

/** The gateway's live events (`/api/v1/live`, optionally one ticket's). Returns the function that closes it. */
export function openLiveStream(ticket: number | null, handlers: LiveStreamHandlers): () => void {
  return openTokenStream(
    '/api/v1/live',
    ticket === null ? {} : { ticket: String(ticket) },
    ['ready', ...TICKET_EVENT_TYPES, ...CHAT_SIGNAL_TYPES],
    {
      onDown: () => handlers.onConnected(false),
      onFrame: (event, data, lastEventId) => {
        if (event === 'ready') handlers.onConnected(true);
        else handlers.onMessage({ ...(JSON.parse(data) as LiveMessage), eventId: lastEventId || undefined });
      },
    },
  );
}
