import type { PayloadOf } from '@threadline/contracts';
import { localBucket } from '../time-buckets/local-time';
import { ALL, type CounterDelta } from './counter-delta';

type SlaPayload = PayloadOf<'sla.clock-changed.v1'> | PayloadOf<'sla.breached.v1'>;

/**
 * SLA outcomes count on the local day they were decided, for the workspace
 * and for the policy (by id, its name kept beside): `sla.<target>.met` — the
 * run ended answered or resolved in time; `metLate` — ended after its
 * breach; `breached` — the time ran out (once per run, when it did). A run
 * stopped (closed before a first answer, target dropped) is neither.
 */
export function slaDeltas(type: 'sla.clock-changed.v1' | 'sla.breached.v1', sla: SlaPayload, timeZone: string): CounterDelta[] {
  const inc: Record<string, number> = {};
  if (type === 'sla.breached.v1') {
    inc[`sla.${(sla as PayloadOf<'sla.breached.v1'>).target}.breached`] = 1;
  } else {
    for (const ended of (sla as PayloadOf<'sla.clock-changed.v1'>).ended ?? []) {
      if (ended.outcome !== 'met') continue;
      const field = `sla.${ended.target}.${ended.breached ? 'metLate' : 'met'}`;
      inc[field] = (inc[field] ?? 0) + 1;
    }
  }
  if (Object.keys(inc).length === 0) return [];
  const bucket = localBucket(sla.at, timeZone);
  return [
    { bucket, dimensions: [ALL], inc },
    { bucket, dimensions: [{ kind: 'policy', value: sla.policyId }], inc, set: { policyName: sla.policyName } },
  ];
}
