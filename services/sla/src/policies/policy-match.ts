import type { Channel, SlaPolicyBody, TicketPriority } from '@threadline/contracts';

export interface SlaPolicy extends SlaPolicyBody {
  id: string;
  workspaceId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a policy is matched on: the ticket as it is now. */
export interface TicketFacts {
  queue: string | null;
  priority: TicketPriority;
  channel: Channel;
  category: string | null;
  /** Null while unknown: it then matches only policies that leave tiers open. */
  customerTier: string | null;
}

/** The policy a workspace without a default of its own falls back to: 4 h, 8 h and 5 working days. */
export const BUILT_IN_DEFAULT: Omit<SlaPolicy, 'workspaceId'> = {
  id: 'built-in-default',
  name: 'Domyślna',
  position: Number.MAX_SAFE_INTEGER,
  match: { queues: [], priorities: [], channels: [], categories: [], customerTiers: [] },
  targets: { firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 5 * 8 * 60 },
  time: 'business',
  isDefault: true,
  escalation: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

const fits = <T>(allowed: readonly T[], value: T | null) => allowed.length === 0 || (value !== null && allowed.includes(value));

export function policyMatches(policy: SlaPolicy, facts: TicketFacts): boolean {
  const { match } = policy;
  return (
    fits(match.queues, facts.queue) &&
    fits(match.priorities, facts.priority) &&
    fits(match.channels, facts.channel) &&
    fits(match.categories, facts.category) &&
    fits(match.customerTiers, facts.customerTier)
  );
}

/** Tried by position (then age), first match wins; else the workspace's default policy; else the built-in one. */
export function choosePolicy(policies: readonly SlaPolicy[], facts: TicketFacts, workspaceId: string): SlaPolicy {
  const ordered = [...policies].sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime());
  return (
    ordered.find((p) => !p.isDefault && policyMatches(p, facts)) ??
    ordered.find((p) => p.isDefault) ?? { ...BUILT_IN_DEFAULT, workspaceId }
  );
}
