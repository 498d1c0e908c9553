import { useEffect, useState } from 'react';
import { openTokenStream } from '../live/token-stream';
import { initialWallboard, nextWallboard, WALLBOARD_EVENTS, type WallboardView } from './wallboard-frames';

/**
 * The live wall-board stream (GET /api/v1/reports/wallboard/stream): the
 * snapshot, then every update; a broken stream is reopened with a fresh token
 * (the last figures stay shown meanwhile); `closed` ends it for good.
 */
export function useWallboardStream(): WallboardView {
  const [view, setView] = useState<WallboardView>(initialWallboard);
  useEffect(() => {
    const close = openTokenStream('/api/v1/reports/wallboard/stream', {}, WALLBOARD_EVENTS, {
      onDown: () => setView((v) => nextWallboard(v, 'down')),
      onFrame: (event, data) => {
        setView((v) => nextWallboard(v, event, data));
        // Frames come after the token is fetched, never during this call, so `close` is set by then.
        if (event === 'closed') close();
      },
    });
    return close;
  }, []);
  return view;
}
