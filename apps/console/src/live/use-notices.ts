import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { notices } from '../api/agent-api';
import { api } from '../api/client';
import type { Notice } from './live-events';
import { mergeNotices, type NoticeList } from './notice-list';

export const NOTICES_KEY = ['notifications'];
const NONE: NoticeList = { items: [], unread: 0 };

/**
 * The agent's notices: the gateway's kept list (so one that came while the
 * console was closed shows now) with the live ones on top; opening one marks
 * it read on the gateway, again if the gateway stored it only afterwards.
 */
export function useNotices(live: Notice[]) {
  const queryClient = useQueryClient();
  const stored = useQuery({
    queryKey: NOTICES_KEY,
    queryFn: async () => (await notices()).data,
  });
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set());
  const send = useCallback(
    async (ids: string[]) => {
      await api('/notifications/read', { method: 'POST', body: { ids } }).catch(() => undefined);
      void queryClient.invalidateQueries({ queryKey: NOTICES_KEY });
    },
    [queryClient],
  );
  // Notices read here and still unread on the gateway (just opened, or stored only after they were opened).
  useEffect(() => {
    const late = (stored.data?.items ?? []).filter((n) => !n.read && readHere.has(n.id)).map((n) => n.id);
    if (late.length > 0) void send(late);
  }, [stored.data, readHere, send]);
  const list = useMemo(
    () => mergeNotices(stored.data ?? NONE, live, readHere, new Date().toISOString()),
    [stored.data, live, readHere],
  );
  // The effect above sends the mark, now for a stored notice, later for one the gateway has not stored yet.
  const markRead = useCallback((ids: string[]) => setReadHere((before) => new Set([...before, ...ids])), []);
  return { ...list, markRead };
}
