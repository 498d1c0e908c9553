import type { CallSetup } from '@threadline/contracts';
import { NumberTable, type CallLine, type NumberEntry } from './number-table';
import type { StoredNumber } from './stored-number.repository';

export type { NumberEntry } from './number-table';

/** Where the stored numbers come from (the repository; a fake in unit tests). */
export interface StoredNumberSource {
  all(): Promise<StoredNumber[]>;
}

/**
 * Which workspace owns each of our Twilio numbers: VOICE_NUMBERS plus the
 * numbers admins added through the API (stored win on the same number). The
 * store is read whole (one small collection) and kept for `ttlMs`, so every
 * webhook does not pay a FerretDB scan; this instance's own changes drop the
 * cache at once, other instances see them within `ttlMs`.
 */
export class NumberDirectory {
  private cached: { table: NumberTable; until: number } | null = null;
  private loading: Promise<NumberTable> | null = null;
  /** Bumped by invalidate(): a read begun before a change never lands in the cache after it. */
  private generation = 0;

  constructor(
    private readonly configured: readonly NumberEntry[],
    private readonly stored: StoredNumberSource | null = null,
    private readonly ttlMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current snapshot; concurrent callers share one store read. */
  async table(): Promise<NumberTable> {
    if (this.cached && this.cached.until > this.now()) return this.cached.table;
    if (!this.loading) {
      const loading = this.load().finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  /** After a change through this instance's API. */
  invalidate(): void {
    this.cached = null;
    this.loading = null;
    this.generation += 1;
  }

  async workspaceOf(number: string): Promise<string | null> {
    return (await this.table()).workspaceOf(number);
  }

  async callLineOf(number: string): Promise<CallLine | null> {
    return (await this.table()).callLineOf(number);
  }

  async callLinesOf(workspaceId: string): Promise<{ number: string; setup: CallSetup }[]> {
    return (await this.table()).callLinesOf(workspaceId);
  }

  async senderFor(workspaceId: string, preferred: string | null): Promise<string | null> {
    return (await this.table()).senderFor(workspaceId, preferred);
  }

  private async load(): Promise<NumberTable> {
    const startedAt = this.now();
    const generation = this.generation;
    const stored = this.stored ? await this.stored.all() : [];
    const table = new NumberTable([
      ...this.configured.map((entry) => ({ ...entry, source: 'config' as const })),
      ...stored.map((entry) => ({ ...entry, source: 'api' as const })),
    ]);
    // A failed read is not cached: the next webhook tries the store again.
    if (generation === this.generation) this.cached = { table, until: startedAt + this.ttlMs };
    return table;
  }
}
