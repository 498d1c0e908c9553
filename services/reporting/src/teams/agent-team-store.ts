import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';
import type { TeamChange } from './team-scope';

/** One change of an agent's teams (`agent.teams-changed.v1`), kept once under its event id. */
export interface AgentTeamsDoc extends TeamChange {
  _id: string;
  workspaceId: string;
}

const schema = new Schema<AgentTeamsDoc>(
  { _id: String, workspaceId: { type: String, index: true } },
  { versionKey: false, strict: false },
);

/**
 * Agents' teams over time (`report_agent_teams`), from the gateway's events:
 * insert-only, so a redelivery or a replay adds nothing; read whole per
 * workspace (a few changes per agent) by one equality on `workspaceId`.
 */
export class AgentTeamStore {
  private readonly changes: Model<AgentTeamsDoc>;

  constructor(connection: Connection) {
    this.changes = connection.model<AgentTeamsDoc>('ReportAgentTeams', schema, 'report_agent_teams');
  }

  async ensureIndexes(): Promise<void> {
    await this.changes.createIndexes();
  }

  /** false: this event was kept before. */
  async keep(doc: AgentTeamsDoc): Promise<boolean> {
    try {
      await this.changes.collection.insertOne(doc as never);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async changesOf(workspaceId: string): Promise<TeamChange[]> {
    const docs = await this.changes.find({ workspaceId }).lean<AgentTeamsDoc[]>();
    return docs.map(({ agentId, teams, changedAt }) => ({ agentId, teams, changedAt }));
  }
}
