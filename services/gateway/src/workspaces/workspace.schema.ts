import { Schema } from 'mongoose';

export const AGENT_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export interface WorkspaceDoc {
  _id: string;
  /** Short name agents type at login, e.g. "demo". */
  slug: string;
  name: string;
  createdAt: Date;
}

export const workspaceSchema = new Schema<WorkspaceDoc>(
  {
    _id: { type: String, required: true },
    slug: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export interface AgentDoc {
  _id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: AgentRole;
  /** Teams (e.g. "reklamacje") for the "my team" ticket filter. */
  teams: string[];
  /** When the teams were last announced to the platform (absent: set by a build that did not announce them). */
  teamsAnnouncedAt?: Date;
  passwordHash: string;
  createdAt: Date;
}

export const agentSchema = new Schema<AgentDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    email: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, enum: AGENT_ROLES, required: true },
    teams: { type: [String], default: [] },
    teamsAnnouncedAt: { type: Date, required: false },
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
agentSchema.index({ workspaceId: 1, email: 1 }, { unique: true });
