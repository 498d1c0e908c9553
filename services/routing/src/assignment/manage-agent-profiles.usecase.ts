import type { RoutingAgentBody } from '@threadline/contracts';
import { deterministicId, type AuditLog, agentActor } from '@threadline/persistence';
import type { AgentProfile, AgentProfileRepository } from './agent-profile.repository';

/** Admins set what an agent takes (languages, categories, capacity per channel); each change is an audit entry. */
export class ManageAgentProfiles {
  constructor(private readonly deps: { profiles: AgentProfileRepository; audit: AuditLog }) {}

  async put(workspaceId: string, adminId: string, agentId: string, body: RoutingAgentBody): Promise<AgentProfile> {
    const before = await this.deps.profiles.find(workspaceId, agentId);
    const after = await this.deps.profiles.put(workspaceId, agentId, body);
    await this.record(workspaceId, adminId, agentId, 'routing.agent.update', before, after);
    return after;
  }

  /** False: the agent had nothing set. */
  async remove(workspaceId: string, adminId: string, agentId: string): Promise<boolean> {
    const before = await this.deps.profiles.find(workspaceId, agentId);
    if (!before) return false;
    await this.deps.profiles.remove(workspaceId, agentId);
    await this.record(workspaceId, adminId, agentId, 'routing.agent.delete', before, null);
    return true;
  }

  private async record(
    workspaceId: string,
    adminId: string,
    agentId: string,
    action: string,
    before: AgentProfile | null,
    after: AgentProfile | null,
  ): Promise<void> {
    const at = new Date();
    await this.deps.audit.record({
      id: deterministicId(workspaceId, 'routing-agent', agentId, at.toISOString()),
      workspaceId,
      at,
      actor: agentActor(adminId),
      action,
      entity: { type: 'routing-agent', id: agentId, label: agentId },
      before: before ? { ...before } : null,
      after: after ? { ...after } : null,
    });
  }
}
