import { complianceByPolicy, complianceOf } from './sla-compliance';

describe('SLA compliance', () => {
  it('is the share of runs met in time among those met in time or breached; a late answer is not met', () => {
    const { breaches, targets } = complianceOf([
      { sla: { firstResponse: { met: 3, breached: 1, metLate: 1 } } },
      { sla: { firstResponse: { met: 1 }, resolution: { breached: 2 } } },
    ]);
    expect(targets.firstResponse).toEqual({ met: 4, breached: 1, metLate: 1, compliance: 0.8 });
    expect(targets.resolution).toEqual({ met: 0, breached: 2, metLate: 0, compliance: 0 });
    expect(targets.nextResponse.compliance).toBeNull();
    expect(breaches).toBe(3);
  });

  it('keeps a policy under its id, named as its newest document names it', () => {
    const policies = complianceByPolicy([
      { value: 'p-1', month: '2026-11', policyName: 'Standard', sla: { resolution: { met: 2 } } },
      { value: 'p-1', month: '2026-12', day: '2026-12-01', policyName: 'Standard (nowy)', sla: { resolution: { met: 1 } } },
      { value: 'p-2', month: '2026-12', day: '2026-12-01', policyName: 'VIP — ważne', sla: { firstResponse: { breached: 1 } } },
    ]);
    expect(policies.map((p) => [p.policyId, p.policyName, p.breaches, p.targets.resolution.met])).toEqual([
      ['p-1', 'Standard (nowy)', 0, 3],
      ['p-2', 'VIP — ważne', 1, 0],
    ]);
  });
});
