import { Schema, type Connection, type Model } from 'mongoose';
import type { RoutingAgentBody } from '@threadline/contracts';
import { findInWorkspace } from '@threadline/persistence';

/** What an agent takes, as an admin set it; `_id` = workspace:agent. */
interface AgentProfileDoc extends RoutingAgentBody {
  _id: string;
  workspaceId: string;
  agentId: string;
  updatedAt: Date;
}

const profileSchema = new Schema<AgentProfileDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    agentId: { type: String, required: true },
    languages: { type: [String], required: true },
    categories: { type: [String], required: true },
    capacity: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export type AgentProfile = RoutingAgentBody & { agentId: string };

const key = (workspaceId: string, agentId: string) => `${workspaceId}:${agentId}`;
const profileOf = (doc: AgentProfileDoc): AgentProfile => ({
  agentId: doc.agentId,
  languages: doc.languages,
  categories: doc.categories,
  capacity: doc.capacity ?? {},
});

/** Agents' skills and capacities: written by admins only, read by `_id` when a ticket picks an agent. */
export class AgentProfileRepository {
  private readonly profiles: Model<AgentProfileDoc>;

  constructor(connection: Connection) {
    this.profiles = connection.model<AgentProfileDoc>('RoutingAgentProfile', profileSchema, 'routing_agents');
  }

  async find(workspaceId: string, agentId: string): Promise<AgentProfile | null> {
    const doc = await findInWorkspace(this.profiles, workspaceId, key(workspaceId, agentId));
    return doc ? profileOf(doc) : null;
  }

  async list(workspaceId: string): Promise<AgentProfile[]> {
    return (await this.profiles.find({ workspaceId }).lean<AgentProfileDoc[]>()).map(profileOf);
  }

  async put(workspaceId: string, agentId: string, body: RoutingAgentBody): Promise<AgentProfile> {
    await this.profiles.updateOne(
      { _id: key(workspaceId, agentId) },
      { $set: { workspaceId, agentId, ...body, updatedAt: new Date() } },
      { upsert: true },
    );
    return { agentId, ...body };
  }

  async remove(workspaceId: string, agentId: string): Promise<void> {
    await this.profiles.deleteOne({ _id: key(workspaceId, agentId) });
  }
}
