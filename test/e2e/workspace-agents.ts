// The workspaces and agents an admin e2e test works with: written into the
// gateway's store before it starts, then logged in through the gateway.
import { connectMongo } from '@threadline/persistence';
import { fetchJson, uniqueName, type Json } from '@threadline/testing';
import { WorkspaceRepository } from '../../services/gateway/src/workspaces/workspace.repository';

export const PASSWORD = 'correct horse battery staple';

export interface TestWorkspace {
  id: string;
  slug: string;
}

export interface TestAgent {
  workspace: TestWorkspace;
  email: string;
  role: 'agent' | 'supervisor' | 'admin';
}

export const newWorkspace = (slug: string): TestWorkspace => ({ id: uniqueName('ws'), slug: uniqueName(slug) });

/** The agents' workspaces and accounts, in the gateway's database. */
export async function seedAgents(gatewayEnv: { MONGO_URL: string; MONGO_DATABASE: string }, agents: TestAgent[]): Promise<void> {
  const connection = await connectMongo(gatewayEnv.MONGO_URL, gatewayEnv.MONGO_DATABASE);
  try {
    const workspaces = new WorkspaceRepository(connection);
    await connection.syncIndexes();
    for (const workspace of new Set(agents.map((a) => a.workspace))) {
      await workspaces.ensureWorkspace(workspace.slug, 'BOK', workspace.id);
    }
    for (const { workspace, email, role } of agents) {
      await workspaces.createAgent({ workspaceId: workspace.id, email, name: email.split('@')[0], role, password: PASSWORD });
    }
  } finally {
    await connection.close();
  }
}

/** An agent API request through the gateway as one of the agents logged in. */
export type AgentCall<K extends string> = (
  who: K,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Json }>;

/** Logs each agent in through the gateway. */
export async function logIn<K extends string>(gatewayUrl: string, agents: Record<K, TestAgent>): Promise<AgentCall<K>> {
  const tokens = {} as Record<K, string>;
  for (const [who, agent] of Object.entries(agents) as [K, TestAgent][]) {
    const session = await fetchJson(`${gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: agent.workspace.slug, email: agent.email, password: PASSWORD }),
    });
    tokens[who] = session.body.accessToken;
  }
  return (
    who: K,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Json }> =>
    fetchJson(`${gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** An agent's access token, for requests that are not JSON (CSV downloads, streams). */
export async function accessTokenOf(gatewayUrl: string, agent: TestAgent): Promise<string> {
  const session = await fetchJson(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: agent.workspace.slug, email: agent.email, password: PASSWORD }),
  });
  return session.body.accessToken;
}
