import type { Connected } from './sealed-connection.repository';

/** Where the stored connections come from (the repository; a fake in unit tests). */
export interface StoredConnectionSource<T extends Connected> {
  find(id: string): Promise<T | null>;
  all(): Promise<T[]>;
}

/** Lookups kept at most this many; past it, expired ones are dropped (unknown ids from noise must not grow it forever). */
const MAX_CACHED = 1_000;

/**
 * Which workspace each Page or Slack team belongs to, with its secrets: the
 * configured ones plus those admins added through the API (stored win on the
 * same id). Each webhook looks its id up by `_id` (a point read on FerretDB)
 * and the answer, found or not, is kept for `ttlMs`; this instance's own
 * changes drop it at once, other instances see them within `ttlMs`.
 */
export class ConnectionDirectory<T extends Connected> {
  private readonly configured: Map<string, T>;
  private readonly cache = new Map<string, { lookup: Promise<T | null>; until: number }>();

  constructor(
    configured: readonly T[],
    private readonly idOf: (entry: T) => string,
    private readonly stored: StoredConnectionSource<T> | null = null,
    private readonly ttlMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {
    this.configured = new Map(configured.map((entry) => [idOf(entry), entry]));
  }

  /** The connection with this provider id, whichever workspace it is; concurrent lookups share one store read. */
  find(id: string): Promise<T | null> {
    const cached = this.cache.get(id);
    if (cached && cached.until > this.now()) return cached.lookup;
    const lookup = this.load(id);
    if (this.cache.size >= MAX_CACHED) this.dropExpired();
    this.cache.set(id, { lookup, until: this.now() + this.ttlMs });
    // A failed read is not kept: the next webhook tries the store again.
    lookup.catch(() => {
      if (this.cache.get(id)?.lookup === lookup) this.cache.delete(id);
    });
    return lookup;
  }

  /** Every connection (uncached: only for what is rare, like Slack's URL check that names no team). */
  async all(): Promise<T[]> {
    const known = new Map(this.configured);
    for (const entry of this.stored ? await this.stored.all() : []) known.set(this.idOf(entry), entry);
    return [...known.values()];
  }

  /** The configured connection with this id, which the API may not remove. */
  configuredEntry(id: string): T | null {
    return this.configured.get(id) ?? null;
  }

  configuredOf(workspaceId: string): T[] {
    return [...this.configured.values()].filter((entry) => entry.workspaceId === workspaceId);
  }

  /** After a change through this instance's API. */
  invalidate(id: string): void {
    this.cache.delete(id);
  }

  private async load(id: string): Promise<T | null> {
    const stored = this.stored ? await this.stored.find(id) : null;
    return stored ?? this.configured.get(id) ?? null;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.cache) if (entry.until <= now) this.cache.delete(id);
    // All still fresh (a flood of ids): start over rather than grow.
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
  }
}
