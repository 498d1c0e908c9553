import { SLA_TARGETS, type SlaTarget } from '@threadline/contracts';
import { numberAt, share, sumCounters } from './sum-counters';

export interface TargetCompliance {
  met: number;
  breached: number;
  metLate: number;
  /** Met in time ÷ (met in time + breached); null when no run of the target ended or breached. */
  compliance: number | null;
}

export interface PolicyCompliance {
  policyId: string;
  policyName: string;
  breaches: number;
  targets: Record<SlaTarget, TargetCompliance>;
}

/** The documents of one policy's days and months as stored (the name is a label beside the counters). */
export interface PolicyDocument {
  value: string;
  year?: string;
  month?: string;
  day?: string;
  policyName?: string;
  [figure: string]: unknown;
}

/** One policy's (or the workspace's) SLA counters as compliance per target. */
export function complianceOf(documents: readonly Record<string, unknown>[]): Pick<PolicyCompliance, 'breaches' | 'targets'> {
  const total = sumCounters(documents);
  const targets = {} as Record<SlaTarget, TargetCompliance>;
  let breaches = 0;
  for (const target of SLA_TARGETS) {
    const met = numberAt(total, `sla.${target}.met`);
    const breached = numberAt(total, `sla.${target}.breached`);
    breaches += breached;
    targets[target] = {
      met,
      breached,
      metLate: numberAt(total, `sla.${target}.metLate`),
      compliance: share(met, met + breached),
    };
  }
  return { breaches, targets };
}

/**
 * Per policy, by name: the name is the one its newest document carries (a
 * renamed policy keeps its id, so its figures stay together).
 */
export function complianceByPolicy(documents: readonly PolicyDocument[]): PolicyCompliance[] {
  const byPolicy = new Map<string, PolicyDocument[]>();
  for (const d of documents) byPolicy.set(d.value, [...(byPolicy.get(d.value) ?? []), d]);
  return [...byPolicy]
    .map(([policyId, docs]) => {
      const newest = [...docs].sort((a, b) => periodOf(a).localeCompare(periodOf(b))).at(-1)!;
      return { policyId, policyName: newest.policyName ?? policyId, ...complianceOf(docs) };
    })
    .sort((a, b) => a.policyName.localeCompare(b.policyName, 'pl') || a.policyId.localeCompare(b.policyId));
}

// A roll-up sorts after its own days and months (`2026-11~` > `2026-11-30`, `2026~` > `2026-12~`), as it holds them all.
const periodOf = (d: PolicyDocument) => d.day ?? `${d.month ?? d.year}~`;
