import { streamToken } from '../api/agent-api';
import { TICKET_EVENT_TYPES, type LiveMessage } from './live-events';

const CHAT_SIGNAL_TYPES = ['chat.typing.v1', 'chat.read.v1'] as const;
const RECONNECT_DELAY_MS = 3000;

export interface LiveStreamHandlers {
  onMessage: (message: LiveMessage) => void;
  /** true once the stream is open (again): the screen reloads what it shows, so nothing missed stays missing. */
  onConnected: (connected: boolean) => void;
}

/**
 * The gateway's Server-Sent Events, opened with a one-minute stream token
 * (EventSource cannot send the Authorization header). EventSource's own
 * reconnect would reuse the expired token, so a dropped stream is reopened here
 * with a fresh one. Returns the function that closes it.
 */
export function openLiveStream(ticket: number | null, handlers: LiveStreamHandlers): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const connect = async () => {
    if (closed) return;
    try {
      const { data } = await streamToken();
      if (closed) return;
      const query = new URLSearchParams({ token: data.token });
      if (ticket !== null) query.set('ticket', String(ticket));
      source = new EventSource(`/api/v1/live?${query.toString()}`);
      source.addEventListener('ready', () => handlers.onConnected(true));
      for (const type of [...TICKET_EVENT_TYPES, ...CHAT_SIGNAL_TYPES]) {
        source.addEventListener(type, (event) => {
          const frame = event as MessageEvent<string>;
          handlers.onMessage({ ...(JSON.parse(frame.data) as LiveMessage), eventId: frame.lastEventId || undefined });
        });
      }
      source.onerror = () => {
        source?.close();
        handlers.onConnected(false);
        retry = setTimeout(() => void connect(), RECONNECT_DELAY_MS);
      };
    } catch {
      handlers.onConnected(false);
      retry = setTimeout(() => void connect(), RECONNECT_DELAY_MS);
    }
  };
  void connect();
  return () => {
    closed = true;
    clearTimeout(retry);
    source?.close();
  };
}
