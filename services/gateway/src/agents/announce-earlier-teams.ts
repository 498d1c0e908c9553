import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { LOGGER } from '@threadline/service-runtime';
import { WorkspaceRepository } from '../workspaces/workspace.repository';
import { AnnounceAgentTeams } from './announce-agent-teams';

/**
 * Teams set by a build that did not announce them are unknown to reporting, so a team's
 * report would leave those agents out until an admin set their teams again. At start the
 * gateway announces them once, as held since the agent was created: the best the store
 * knows. Several instances starting together may both announce; the same teams twice
 * change nothing. A failure is logged and tried again at the next start.
 */
@Injectable()
export class AnnounceEarlierTeams implements OnApplicationBootstrap {
  constructor(
    private readonly workspaces: WorkspaceRepository,
    private readonly announce: AnnounceAgentTeams,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: the gateway answers while this runs.
    void this.run().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'announcing teams set before this build failed; tried again at the next start'),
    );
  }

  async run(): Promise<number> {
    const agents = await this.workspaces.agentsWithUnannouncedTeams();
    for (const agent of agents) {
      await this.announce.execute(agent.workspaceId, agent._id, agent.teams, agent.createdAt);
    }
    if (agents.length > 0) this.logger.info({ agents: agents.length }, 'announced teams set before this build');
    return agents.length;
  }
}
