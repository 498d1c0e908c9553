import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { noticeFor, refreshFor, type Notice } from './live-events';
import { openLiveStream } from './live-stream';
import { oneReloadAtATime } from './one-reload-at-a-time';
import { NOTICES_KEY } from './use-notices';

/** How many notices the bell keeps (the oldest go first). */
const NOTICES_KEPT = 20;

export interface LiveUpdates {
  connected: boolean;
  /** Tickets assigned to the agent and notes mentioning them that came while this console is open, newest first. */
  notices: Notice[];
}

/**
 * The workspace's ticket events keep every open list and ticket fresh. On a
 * (re)connect everything shown is reloaded: what happened while offline is
 * caught up by reading, not by replaying, so nothing appears twice.
 */
export function useLiveUpdates(myId: string): LiveUpdates {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(true);
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    const refreshLists = oneReloadAtATime(() => queryClient.invalidateQueries({ queryKey: ['tickets'] }));
    return openLiveStream(null, {
      onConnected: (now) => {
        setConnected(now);
        if (now) void queryClient.invalidateQueries();
      },
      onMessage: (message) => {
        const refresh = refreshFor(message);
        if (refresh.lists) refreshLists();
        if (refresh.ticket !== null) void queryClient.invalidateQueries({ queryKey: ['ticket', refresh.ticket] });
        const notice = noticeFor(message, myId);
        if (notice) {
          void queryClient.invalidateQueries({ queryKey: NOTICES_KEY });
          setNotices((kept) => (kept.some((n) => n.key === notice.key) ? kept : [notice, ...kept].slice(0, NOTICES_KEPT)));
        }
      },
    });
  }, [queryClient, myId]);
  return { connected, notices };
}
