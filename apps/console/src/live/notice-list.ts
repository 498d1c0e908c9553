import type { Schemas } from '../api/schemas';
import type { Notice } from './live-events';

/** A notice as the gateway keeps it (GET /notifications). */
export type StoredNotice = Schemas['Notice'];
export type NoticeList = Schemas['NoticeList'];

/**
 * The bell's list: what the gateway kept, and live notices it has not stored
 * yet (its consumer may be a moment behind the stream), newest first; a notice
 * the agent opened here counts as read even before the gateway has it.
 */
export function mergeNotices(stored: NoticeList, live: Notice[], readHere: ReadonlySet<string>, now: string): NoticeList {
  const storedIds = new Set(stored.items.map((n) => n.id));
  const fresh: StoredNotice[] = live
    .filter((n) => !storedIds.has(n.key))
    .map((n) => ({ id: n.key, kind: n.kind, number: n.number, at: now, read: false }));
  const items = [...fresh, ...stored.items].map((n) => (readHere.has(n.id) ? { ...n, read: true } : n));
  const readHereOfStored = stored.items.filter((n) => !n.read && readHere.has(n.id)).length;
  const freshUnread = fresh.filter((n) => !readHere.has(n.id)).length;
  return { items, unread: Math.max(0, stored.unread - readHereOfStored) + freshUnread };
}
