import { randomUUID } from 'node:crypto';
import type { RuleBody, RuleChangeBody } from '@threadline/contracts';
import { deterministicId, type AuditLog, agentActor } from '@threadline/persistence';
import type { StoredRule } from '../rule-engine/compiled-rule';
import type { RulesetCache } from './ruleset-cache';
import type { Ruleset, RulesetRepository } from './ruleset.repository';

export class RuleRequestError extends Error {
  constructor(
    readonly code: 'RULE_NOT_FOUND' | 'STALE_RULE' | 'RULESET_BUSY',
    message: string,
  ) {
    super(message);
  }
}

export interface RuleAdmin {
  agentId: string;
}

export type PresentedRule = StoredRule & { position: number };

const present = (rules: StoredRule[]): PresentedRule[] => rules.map((rule, position) => ({ ...rule, position }));

/**
 * Admins' changes to a workspace's rules. Each change writes the next
 * version of the whole ordered list (a unique insert), records who changed
 * what in the audit log, and puts the new rules in this instance's cache.
 */
export class ManageRules {
  constructor(private readonly deps: { rulesets: RulesetRepository; cache: RulesetCache; audit: AuditLog }) {}

  async list(workspaceId: string): Promise<{ version: number; items: PresentedRule[] }> {
    const ruleset = await this.deps.rulesets.current(workspaceId);
    return { version: ruleset.version, items: present(ruleset.rules) };
  }

  async get(workspaceId: string, ruleId: string): Promise<PresentedRule> {
    const { items } = await this.list(workspaceId);
    const rule = items.find((r) => r.id === ruleId);
    if (!rule) throw new RuleRequestError('RULE_NOT_FOUND', `no rule ${ruleId}`);
    return rule;
  }

  async create(workspaceId: string, admin: RuleAdmin, body: RuleBody): Promise<PresentedRule> {
    const { position, ...fields } = body;
    const rule: StoredRule = { id: randomUUID(), version: 1, ...fields };
    await this.change(workspaceId, admin, 'routing.rule.create', rule, (rules) => {
      const at = Math.min(position ?? rules.length, rules.length);
      return { rules: [...rules.slice(0, at), rule, ...rules.slice(at)], before: null, after: rule };
    });
    return this.get(workspaceId, rule.id);
  }

  async update(workspaceId: string, admin: RuleAdmin, ruleId: string, body: RuleChangeBody): Promise<PresentedRule> {
    const { position, version, ...fields } = body;
    await this.change(workspaceId, admin, 'routing.rule.update', { id: ruleId, name: null }, (rules) => {
      const index = this.indexOf(rules, ruleId);
      const before = rules[index];
      if (version !== undefined && version !== before.version) {
        throw new RuleRequestError('STALE_RULE', `the rule is at version ${before.version}, not ${version}; reload it`);
      }
      const after: StoredRule = { ...before, ...fields, version: before.version + 1 };
      const rest = rules.filter((r) => r.id !== ruleId);
      const at = Math.min(position ?? index, rest.length);
      return { rules: [...rest.slice(0, at), after, ...rest.slice(at)], before, after };
    });
    return this.get(workspaceId, ruleId);
  }

  async remove(workspaceId: string, admin: RuleAdmin, ruleId: string): Promise<void> {
    await this.change(workspaceId, admin, 'routing.rule.delete', { id: ruleId, name: null }, (rules) => {
      const before = rules[this.indexOf(rules, ruleId)];
      return { rules: rules.filter((r) => r.id !== ruleId), before, after: null };
    });
  }

  private indexOf(rules: StoredRule[], ruleId: string): number {
    const index = rules.findIndex((r) => r.id === ruleId);
    if (index < 0) throw new RuleRequestError('RULE_NOT_FOUND', `no rule ${ruleId}`);
    return index;
  }

  /** Reads the current version, applies `edit`, and stores the next one; a lost race is tried again on the new version. */
  private async change(
    workspaceId: string,
    admin: RuleAdmin,
    action: string,
    subject: { id: string; name: string | null },
    edit: (rules: StoredRule[]) => { rules: StoredRule[]; before: StoredRule | null; after: StoredRule | null },
  ): Promise<Ruleset> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.deps.rulesets.current(workspaceId);
      const { rules, before, after } = edit(current.rules);
      const next: Ruleset = { version: current.version + 1, rules };
      if (!(await this.deps.rulesets.save(workspaceId, next.version, rules))) continue;
      this.deps.cache.put(workspaceId, next);
      await this.deps.audit.record({
        id: deterministicId(workspaceId, 'routing-ruleset', String(next.version)),
        workspaceId,
        actor: agentActor(admin.agentId),
        action,
        entity: { type: 'routing-rule', id: subject.id, label: after?.name ?? before?.name ?? subject.name },
        before: before ? { ...before } : null,
        after: after ? { ...after, rulesetVersion: next.version } : { rulesetVersion: next.version },
      });
      return next;
    }
    throw new RuleRequestError('RULESET_BUSY', 'the rules kept changing under this request; try again');
  }
}
