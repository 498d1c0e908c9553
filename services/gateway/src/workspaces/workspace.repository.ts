import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Connection, Model } from 'mongoose';
import { findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';
import { agentSchema, workspaceSchema, type AgentDoc, type AgentRole, type WorkspaceDoc } from './workspace.schema';

const BCRYPT_COST = 12;

/** Workspaces and their agents, as the gateway (which owns auth) keeps them. */
export class WorkspaceRepository {
  private readonly workspaces: Model<WorkspaceDoc>;
  private readonly agents: Model<AgentDoc>;

  constructor(connection: Connection) {
    this.workspaces = connection.model<WorkspaceDoc>('Workspace', workspaceSchema, 'workspaces');
    this.agents = connection.model<AgentDoc>('Agent', agentSchema, 'agents');
  }

  findWorkspaceBySlug(slug: string): Promise<WorkspaceDoc | null> {
    return this.workspaces.findOne({ slug }).lean();
  }

  async ensureWorkspace(slug: string, name: string, id: string = randomUUID()): Promise<WorkspaceDoc> {
    try {
      await this.workspaces.create({ _id: id, slug, name, createdAt: new Date() });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const workspace = await this.findWorkspaceBySlug(slug);
    if (!workspace) throw new Error(`workspace ${slug} missing after create`);
    return workspace;
  }

  findAgent(workspaceId: string, email: string): Promise<AgentDoc | null> {
    return this.agents.findOne({ workspaceId, email: email.trim().toLowerCase() }).lean();
  }

  listAgents(workspaceId: string): Promise<AgentDoc[]> {
    return this.agents.find({ workspaceId }).sort({ email: 1 }).lean();
  }

  findAgentById(workspaceId: string, id: string): Promise<AgentDoc | null> {
    return findInWorkspace(this.agents, workspaceId, id);
  }

  /** Changes an agent's name, role or teams; null when there is no such agent in the workspace. */
  async updateAgent(
    workspaceId: string,
    id: string,
    change: Partial<Pick<AgentDoc, 'name' | 'role' | 'teams'>>,
  ): Promise<{ before: AgentDoc; after: AgentDoc } | null> {
    const before = await this.findAgentById(workspaceId, id);
    if (!before) return null;
    await this.agents.updateOne({ _id: id }, { $set: change });
    const after = await this.findAgentById(workspaceId, id);
    return after ? { before, after } : null;
  }

  /**
   * Agents whose teams no announcement has told the platform (set before teams were announced).
   * Read once at start: the filter is evaluated inside the embedded store, over every agent.
   */
  agentsWithUnannouncedTeams(): Promise<AgentDoc[]> {
    return this.agents
      .find({ 'teams.0': { $exists: true }, teamsAnnouncedAt: { $exists: false } })
      .lean<AgentDoc[]>()
      .exec();
  }

  async markTeamsAnnounced(id: string, at: Date): Promise<void> {
    await this.agents.updateOne({ _id: id }, { $set: { teamsAnnouncedAt: at } });
  }

  /** Creates the agent unless one with that e-mail exists; returns whether it was created. */
  async createAgent(input: {
    workspaceId: string;
    email: string;
    name: string;
    role: AgentRole;
    teams?: string[];
    password: string;
  }): Promise<boolean> {
    try {
      await this.agents.create({
        _id: randomUUID(),
        workspaceId: input.workspaceId,
        email: input.email.trim().toLowerCase(),
        name: input.name,
        role: input.role,
        teams: input.teams ?? [],
        passwordHash: await hashPassword(input.password),
        createdAt: new Date(),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Sets an agent's password (an operator's reset); false when there is no such agent. */
  async setPassword(workspaceId: string, email: string, password: string): Promise<boolean> {
    const agent = await this.findAgent(workspaceId, email);
    if (!agent) return false;
    await this.agents.updateOne({ _id: agent._id }, { $set: { passwordHash: await hashPassword(password) } });
    return true;
  }
}

const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, BCRYPT_COST);
