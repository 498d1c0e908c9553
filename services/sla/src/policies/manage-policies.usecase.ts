import type { BusinessCalendar } from '@threadline/business-calendar';
import { DomainError, type SlaPolicyBody } from '@threadline/contracts';
import { agentActor, type AuditLog } from '@threadline/persistence';
import type { SlaPolicy } from './policy-match';
import type { SlaPolicyRepository } from './sla-policy.repository';
import type { WorkspaceCalendarRepository } from './workspace-calendar.repository';

export class PolicyNotFoundError extends DomainError {
  constructor(id: string) {
    super('not-found', 'SLA_POLICY_NOT_FOUND', `no SLA policy ${id}`);
  }
}

/** The admin who acts, as the gateway vouches for them. */
export interface Admin {
  workspaceId: string;
  agentId: string;
}

/** Admins' changes to policies and the business calendar; each one lands in the audit trail with before → after. */
export class ManagePolicies {
  private readonly rulesChanged: ((workspaceId: string) => void)[] = [];

  constructor(
    private readonly policies: SlaPolicyRepository,
    private readonly calendars: WorkspaceCalendarRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Called after every change of a workspace's policies or calendar (the clocks recompute their targets). */
  onRulesChanged(listener: (workspaceId: string) => void): void {
    this.rulesChanged.push(listener);
  }

  list(workspaceId: string): Promise<SlaPolicy[]> {
    return this.policies
      .list(workspaceId)
      .then((all) => all.sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime()));
  }

  async get(workspaceId: string, id: string): Promise<SlaPolicy> {
    return (await this.policies.find(workspaceId, id)) ?? Promise.reject(new PolicyNotFoundError(id));
  }

  async create(admin: Admin, body: SlaPolicyBody): Promise<SlaPolicy> {
    const created = await this.policies.create(admin.workspaceId, body);
    if (created.isDefault) await this.policies.clearDefaultsExcept(admin.workspaceId, created.id);
    await this.record(admin, 'sla-policy.create', created, null, created);
    this.announce(admin.workspaceId);
    return created;
  }

  async replace(admin: Admin, id: string, body: SlaPolicyBody): Promise<SlaPolicy> {
    const before = await this.get(admin.workspaceId, id);
    const after = await this.policies.replace(before, body);
    if (after.isDefault) await this.policies.clearDefaultsExcept(admin.workspaceId, after.id);
    await this.record(admin, 'sla-policy.update', after, before, after);
    this.announce(admin.workspaceId);
    return after;
  }

  async remove(admin: Admin, id: string): Promise<void> {
    const before = await this.get(admin.workspaceId, id);
    await this.policies.remove(before);
    await this.record(admin, 'sla-policy.delete', before, before, null);
    this.announce(admin.workspaceId);
  }

  calendar(workspaceId: string): Promise<BusinessCalendar> {
    return this.calendars.get(workspaceId);
  }

  async setCalendar(admin: Admin, calendar: BusinessCalendar): Promise<BusinessCalendar> {
    const before = await this.calendars.get(admin.workspaceId);
    await this.calendars.set(admin.workspaceId, calendar);
    await this.audit.record({
      workspaceId: admin.workspaceId,
      actor: agentActor(admin.agentId),
      action: 'sla-calendar.update',
      entity: { type: 'sla-calendar', id: admin.workspaceId, label: calendar.timezone },
      before: { ...before },
      after: { ...calendar },
    });
    this.announce(admin.workspaceId);
    return calendar;
  }

  private announce(workspaceId: string): void {
    for (const listener of this.rulesChanged) listener(workspaceId);
  }

  private async record(admin: Admin, action: string, policy: SlaPolicy, before: SlaPolicy | null, after: SlaPolicy | null) {
    const plain = (p: SlaPolicy | null) => (p ? withoutWorkspace(p) : null);
    await this.audit.record({
      workspaceId: admin.workspaceId,
      actor: agentActor(admin.agentId),
      action,
      entity: { type: 'sla-policy', id: policy.id, label: policy.name },
      before: plain(before),
      after: plain(after),
    });
  }
}

function withoutWorkspace({ workspaceId: _ws, ...policy }: SlaPolicy): Record<string, unknown> {
  return policy;
}
