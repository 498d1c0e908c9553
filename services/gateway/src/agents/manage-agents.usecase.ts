import { Injectable } from '@nestjs/common';
import { DomainError } from '@threadline/contracts';
import { AuditLog, agentActor } from '@threadline/persistence';
import type { AgentPrincipal } from '../auth/token.service';
import { CurrentAgents } from '../sessions/current-agents';
import { WorkspaceRepository } from '../workspaces/workspace.repository';
import type { AgentDoc, AgentRole } from '../workspaces/workspace.schema';
import { AnnounceAgentTeams } from './announce-agent-teams';

export interface NewAgent {
  email: string;
  name: string;
  role: AgentRole;
  teams: string[];
  password: string;
}

export interface AgentChange {
  name?: string;
  role?: AgentRole;
  teams?: string[];
}

export class AgentExistsError extends DomainError {
  constructor(email: string) {
    super('conflict', 'AGENT_EXISTS', `an agent with e-mail ${email} exists`);
  }
}

export class AgentNotFoundError extends DomainError {
  constructor(id: string) {
    super('not-found', 'AGENT_NOT_FOUND', `no agent ${id}`);
  }
}

/**
 * An admin adds and changes the agents of their own workspace. Every change lands in the audit
 * trail, a changed role or team takes effect on the agent's next request (their cached principal
 * is forgotten), and teams are announced so reports can filter by them.
 */
@Injectable()
export class ManageAgents {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly audit: AuditLog,
    private readonly currentAgents: CurrentAgents,
    private readonly announceTeams: AnnounceAgentTeams,
  ) {}

  async add(admin: AgentPrincipal, input: NewAgent): Promise<AgentDoc> {
    const created = await this.workspaces.createAgent({ ...input, workspaceId: admin.workspaceId });
    if (!created) throw new AgentExistsError(input.email);
    const agent = await this.workspaces.findAgent(admin.workspaceId, input.email);
    if (!agent) throw new Error('agent missing after create');
    const { email, name, role, teams } = agent;
    await this.record(admin, 'agent.create', agent, null, { email, name, role, teams });
    if (teams.length > 0) await this.announceTeams.execute(admin.workspaceId, agent._id, teams);
    return agent;
  }

  async change(admin: AgentPrincipal, agentId: string, change: AgentChange): Promise<AgentDoc> {
    const result = await this.workspaces.updateAgent(admin.workspaceId, agentId, change);
    if (!result) throw new AgentNotFoundError(agentId);
    this.currentAgents.forget(admin.workspaceId, agentId);
    const fields = Object.keys(change) as (keyof AgentChange)[];
    const before = Object.fromEntries(fields.map((field) => [field, result.before[field] ?? null]));
    await this.record(admin, 'agent.update', result.after, before, { ...change });
    if (change.teams) await this.announceTeams.execute(admin.workspaceId, agentId, result.after.teams ?? []);
    return result.after;
  }

  private async record(
    admin: AgentPrincipal,
    action: string,
    agent: AgentDoc,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record({
      workspaceId: admin.workspaceId,
      actor: agentActor(admin.agentId),
      action,
      entity: { type: 'agent', id: agent._id, label: agent.email },
      before,
      after,
    });
  }
}
