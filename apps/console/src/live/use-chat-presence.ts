import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';

const STORAGE_KEY = 'threadline.chatPresence';
/** The gateway lets "available" lapse after 90 s; the console renews it well within that. */
export const PRESENCE_RENEW_MS = 60_000;

type Presence = 'available' | 'away';

/** The agent's web-chat presence, renewed every minute while "available" and this console is open. */
export function useChatPresence(): [Presence, (next: Presence) => void] {
  const [presence, setPresence] = useState<Presence>(() =>
    localStorage.getItem(STORAGE_KEY) === 'available' ? 'available' : 'away',
  );
  useEffect(() => {
    const put = () => void api('/chat/presence', { method: 'PUT', body: { status: presence } }).catch(() => undefined);
    put();
    if (presence !== 'available') return;
    const timer = setInterval(put, PRESENCE_RENEW_MS);
    return () => clearInterval(timer);
  }, [presence]);
  const change = useCallback((next: Presence) => {
    localStorage.setItem(STORAGE_KEY, next);
    setPresence(next);
  }, []);
  return [presence, change];
}
