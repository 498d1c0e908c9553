import { randomBytes } from 'node:crypto';
import type { WorkspaceRepository } from './workspace.repository';

export interface CreateWorkspaceInput {
  slug: string;
  name: string;
  adminEmail: string;
  /** The admin's display name; "Administrator" when not given. */
  adminName?: string;
  /** None: one is generated, and returned once. */
  password?: string;
  /** Set the admin's password even though the admin exists (a lost first password). */
  resetPassword?: boolean;
  /** A fixed id (the demo's `ws-demo`); a new UUID otherwise. */
  workspaceId?: string;
}

export interface CreateWorkspaceOutcome {
  workspaceId: string;
  slug: string;
  name: string;
  workspaceCreated: boolean;
  adminEmail: string;
  admin: 'created' | 'exists' | 'password-reset';
  /** The password that was generated, when none was given and one was set; shown once, stored only hashed. */
  generatedPassword?: string;
}

/**
 * Bootstraps a deployment: a workspace and its first admin. Idempotent: a
 * second run finds both and changes nothing (not even the name), unless asked
 * to reset the admin's password. A workspace that exists without this admin
 * gets it, so a lost admin can be recreated the same way.
 */
export async function createWorkspace(
  workspaces: WorkspaceRepository,
  input: CreateWorkspaceInput,
): Promise<CreateWorkspaceOutcome> {
  const existed = await workspaces.findWorkspaceBySlug(input.slug);
  const workspace = existed ?? (await workspaces.ensureWorkspace(input.slug, input.name, input.workspaceId));
  const password = input.password ?? generatePassword();
  const generated = input.password ? {} : { generatedPassword: password };
  const base = {
    workspaceId: workspace._id,
    slug: workspace.slug,
    name: workspace.name,
    workspaceCreated: !existed,
    adminEmail: input.adminEmail.trim().toLowerCase(),
  };
  const created = await workspaces.createAgent({
    workspaceId: workspace._id,
    email: input.adminEmail,
    name: input.adminName ?? 'Administrator',
    role: 'admin',
    password,
  });
  if (created) return { ...base, admin: 'created', ...generated };
  if (!input.resetPassword) return { ...base, admin: 'exists' };
  await workspaces.setPassword(workspace._id, input.adminEmail, password);
  return { ...base, admin: 'password-reset', ...generated };
}

/** 18 random bytes: 24 URL-safe characters, easy to paste. */
const generatePassword = (): string => randomBytes(18).toString('base64url');
