/**
 * Creates the demo workspace and its admin if they do not exist yet.
 * Usage: MONGO_URL=… MONGO_DATABASE=… DEMO_ADMIN_PASSWORD=… node dist/cli/seed-demo.js
 * Prints one JSON line: the workspace and the admin login.
 */
import { z } from 'zod';
import { loadConfig } from '@threadline/config';
import { connectMongo, ensureIndexes } from '@threadline/persistence';
import { createWorkspace } from '../workspaces/create-workspace';
import { WorkspaceRepository } from '../workspaces/workspace.repository';

const seedConfigSchema = z.object({
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL'),
  MONGO_DATABASE: z.string().min(1),
  DEMO_WORKSPACE_ID: z.string().min(1).default('ws-demo'),
  DEMO_WORKSPACE_SLUG: z.string().min(1).default('demo'),
  DEMO_ADMIN_EMAIL: z.email().default('admin@demo.threadline.test'),
  DEMO_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters'),
});

async function main(): Promise<void> {
  const config = loadConfig('seed-demo', seedConfigSchema);
  const connection = await connectMongo(config.MONGO_URL, config.MONGO_DATABASE);
  try {
    const repository = new WorkspaceRepository(connection);
    await ensureIndexes(connection);
    const outcome = await createWorkspace(repository, {
      slug: config.DEMO_WORKSPACE_SLUG,
      name: 'Demo BOK',
      workspaceId: config.DEMO_WORKSPACE_ID,
      adminEmail: config.DEMO_ADMIN_EMAIL,
      adminName: 'Demo Admin',
      password: config.DEMO_ADMIN_PASSWORD,
    });
    process.stdout.write(
      `${JSON.stringify({ workspaceId: outcome.workspaceId, workspace: outcome.slug, admin: outcome.adminEmail, adminCreated: outcome.admin === 'created' })}\n`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed-demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
