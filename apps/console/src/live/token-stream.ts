import { streamToken } from '../api/agent-api';

const RECONNECT_DELAY_MS = 3000;

export interface TokenStreamHandlers {
  /** A named frame of the stream (its data as sent, the frame's id if any). */
  onFrame: (event: string, data: string, lastEventId: string) => void;
  /** false when the stream broke (it is reopened by itself); true is the caller's to say, on its first frame. */
  onDown: () => void;
}

/**
 * One of the gateway's Server-Sent Event streams, opened with a one-minute
 * stream token (EventSource cannot send the Authorization header). EventSource's
 * own reconnect would reuse the expired token, so a dropped stream is reopened
 * here with a fresh one. Returns the function that closes it for good.
 */
export function openTokenStream(
  path: string,
  query: Record<string, string>,
  events: readonly string[],
  handlers: TokenStreamHandlers,
): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const again = () => {
    handlers.onDown();
    if (!closed) retry = setTimeout(() => void connect(), RECONNECT_DELAY_MS);
  };
  const connect = async () => {
    if (closed) return;
    try {
      const { data } = await streamToken();
      if (closed) return;
      source = new EventSource(`${path}?${new URLSearchParams({ ...query, token: data.token }).toString()}`);
      for (const event of events) {
        source.addEventListener(event, (frame) => {
          const message = frame as MessageEvent<string>;
          if (!closed) handlers.onFrame(event, message.data, message.lastEventId);
        });
      }
      source.onerror = () => {
        source?.close();
        if (!closed) again();
      };
    } catch {
      again();
    }
  };
  void connect();
  return () => {
    closed = true;
    clearTimeout(retry);
    source?.close();
  };
}
