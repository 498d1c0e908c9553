import type { SyncCheckpoint } from './sync-checkpoint.repository';

/**
 * Where to resume: after the checkpoint, or from the start when the folder's
 * UIDVALIDITY changed (its UIDs mean something else now; contacts are deduped
 * downstream by Message-ID, so a full resync duplicates nothing).
 */
export function resumePoint(checkpoint: SyncCheckpoint | null, uidValidity: string): { lastUid: number; resync: boolean } {
  if (!checkpoint) return { lastUid: 0, resync: false };
  if (checkpoint.uidValidity !== uidValidity) return { lastUid: 0, resync: true };
  return { lastUid: checkpoint.lastUid, resync: false };
}

/**
 * UIDs still to ingest, ascending. A search for `N:*` returns the highest UID
 * even when it is below N (RFC 3501), so anything not above lastUid is dropped.
 */
export function pendingUids(found: number[], lastUid: number): number[] {
  return [...new Set(found.filter((uid) => uid > lastUid))].sort((a, b) => a - b);
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
