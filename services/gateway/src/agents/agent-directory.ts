import { BadRequestException, Injectable } from '@nestjs/common';
import type { AgentPrincipal } from '../auth/token.service';
import { WorkspaceRepository } from '../workspaces/workspace.repository';

/**
 * What the gateway knows about agents that the tickets service does not:
 * who is in the caller's team, which agent an @mention names, and whether an
 * assignee exists in the caller's workspace at all.
 */
@Injectable()
export class AgentDirectory {
  constructor(private readonly workspaces: WorkspaceRepository) {}

  /** The assignee filter as agent ids: "me", "team" (everyone sharing a team with me), "none", or agent ids. */
  async assigneeFilter(caller: AgentPrincipal, value: string): Promise<string> {
    if (value === 'anyone') return '';
    const ids = new Set<string>();
    for (const part of value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (part === 'me') ids.add(caller.agentId);
      else if (part === 'team') for (const id of await this.teamOf(caller)) ids.add(id);
      else ids.add(part);
    }
    return [...ids].join(',');
  }

  /** Refuses an assignee who is not an agent of the caller's workspace; "me" means the caller. */
  async assignee(caller: AgentPrincipal, value: string | null): Promise<string | null> {
    if (value === null) return null;
    const id = value === 'me' ? caller.agentId : value;
    if (!(await this.workspaces.findAgentById(caller.workspaceId, id))) {
      throw new BadRequestException({
        code: 'INVALID_INPUT',
        errors: [{ field: 'assigneeId', reason: 'no such agent in this workspace' }],
      });
    }
    return id;
  }

  /** Agents named as @handle in a note, where the handle is the part of their e-mail before "@". */
  async mentionedIn(caller: AgentPrincipal, text: string): Promise<string[]> {
    const handles = new Set(
      [...text.matchAll(/(?:^|\s)@([\p{L}\p{N}._-]+)/gu)].map((m) => m[1].toLowerCase().replace(/[._-]+$/, '')),
    );
    if (handles.size === 0) return [];
    const agents = await this.workspaces.listAgents(caller.workspaceId);
    return agents.filter((a) => handles.has(a.email.split('@')[0])).map((a) => a._id);
  }

  private async teamOf(caller: AgentPrincipal): Promise<string[]> {
    const agents = await this.workspaces.listAgents(caller.workspaceId);
    const mine = new Set(agents.find((a) => a._id === caller.agentId)?.teams ?? []);
    const team = agents.filter((a) => a._id === caller.agentId || a.teams.some((t) => mine.has(t))).map((a) => a._id);
    return team;
  }
}
