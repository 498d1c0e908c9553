import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { CONFIG } from '@threadline/service-runtime';
import type { GatewayConfig } from '../config';
import { WorkspaceRepository } from '../workspaces/workspace.repository';
import type { AgentRole } from '../workspaces/workspace.schema';

type Standing = AgentRole | 'gone';

/**
 * What an access token says about its agent is only what was true at login:
 * every request takes the agent's role and membership from the store
 * instead, remembered per agent for at most SESSION_RECHECK_MS (5 s), so a
 * demotion or a removal applies on every gateway instance within that time
 * (on this one at once: the change forgets the agent).
 */
@Injectable()
export class CurrentAgents {
  private readonly standing: LRUCache<string, Standing>;

  constructor(
    private readonly workspaces: WorkspaceRepository,
    @Inject(CONFIG) config: GatewayConfig,
  ) {
    this.standing = new LRUCache({ max: 50_000, ttl: config.SESSION_RECHECK_MS });
  }

  /** The agent's role now, or null when they are no longer an agent of that workspace. */
  async roleOf(workspaceId: string, agentId: string): Promise<AgentRole | null> {
    const key = `${workspaceId}/${agentId}`;
    let standing = this.standing.get(key);
    if (standing === undefined) {
      standing = (await this.workspaces.findAgentById(workspaceId, agentId))?.role ?? 'gone';
      this.standing.set(key, standing);
    }
    return standing === 'gone' ? null : standing;
  }

  /** After a change made through this instance: the next request reads the store. */
  forget(workspaceId: string, agentId: string): void {
    this.standing.delete(`${workspaceId}/${agentId}`);
  }
}
