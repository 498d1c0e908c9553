import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { refreshFor } from './live-events';
import { openLiveStream } from './live-stream';

/**
 * The workspace's ticket events keep every open list and ticket fresh. On a
 * (re)connect everything shown is reloaded: what happened while offline is
 * caught up by reading, not by replaying, so nothing appears twice.
 */
export function useLiveUpdates(): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(true);
  useEffect(
    () =>
      openLiveStream(null, {
        onConnected: (now) => {
          setConnected(now);
          if (now) void queryClient.invalidateQueries();
        },
        onMessage: (message) => {
          const refresh = refreshFor(message);
          if (refresh.lists) void queryClient.invalidateQueries({ queryKey: ['tickets'] });
          if (refresh.ticket !== null) void queryClient.invalidateQueries({ queryKey: ['ticket', refresh.ticket] });
        },
      }),
    [queryClient],
  );
  return connected;
}
