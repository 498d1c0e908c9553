import { Injectable } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import { WorkspaceRepository } from '../workspaces/workspace.repository';

/**
 * Tells the platform an agent's teams (`agent.teams-changed.v1`): reporting
 * keeps them over time to filter reports by team. Said whenever an admin
 * sets them, even to the same list — a PATCH repeated after a failed announce
 * then still announces, and the same teams again change nothing. The agent
 * is marked announced, so `AnnounceEarlierTeams` leaves them alone.
 */
@Injectable()
export class AnnounceAgentTeams {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly workspaces: WorkspaceRepository,
  ) {}

  async execute(workspaceId: string, agentId: string, teams: string[], at = new Date()): Promise<void> {
    await this.publisher.publish('agent.teams-changed.v1', {
      workspaceId,
      key: agentId,
      payload: { agentId, teams, changedAt: at.toISOString() },
    });
    await this.workspaces.markTeamsAnnounced(agentId, new Date());
  }
}
