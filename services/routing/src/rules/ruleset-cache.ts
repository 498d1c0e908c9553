import { compileRule, type CompiledRule } from '../rule-engine/compiled-rule';
import type { Ruleset, RulesetRepository } from './ruleset.repository';

interface Entry {
  version: number;
  rules: CompiledRule[];
  checkedAt: number;
}

/**
 * Each workspace's rules, compiled, in memory. Within `ttlMs` of the last
 * check they are used as they are; after it, one point read of the version
 * says whether they changed, and only a new version is loaded and compiled.
 * A change made through this instance replaces its entry at once; other
 * instances see it within the TTL — rules apply without a restart.
 */
export class RulesetCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly repository: RulesetRepository,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async rulesOf(workspaceId: string): Promise<{ version: number; rules: CompiledRule[] }> {
    const entry = this.entries.get(workspaceId);
    if (entry && this.now() - entry.checkedAt < this.ttlMs) return entry;
    const version = await this.repository.currentVersion(workspaceId);
    if (entry && entry.version === version) {
      entry.checkedAt = this.now();
      return entry;
    }
    return this.put(workspaceId, await this.repository.load(workspaceId, version));
  }

  put(workspaceId: string, ruleset: Ruleset): Entry {
    const entry = { version: ruleset.version, rules: ruleset.rules.map(compileRule), checkedAt: this.now() };
    const known = this.entries.get(workspaceId);
    if (!known || known.version <= ruleset.version) this.entries.set(workspaceId, entry);
    return entry;
  }
}
