import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '@threadline/config';
import { connectMongo, ensureIndexes } from '@threadline/persistence';
import { createWorkspace, type CreateWorkspaceOutcome } from '../workspaces/create-workspace';
import { WorkspaceRepository } from '../workspaces/workspace.repository';

export const ADMIN_USAGE = `Usage: threadline admin create-workspace --workspace <slug> --name <name> --admin-email <e-mail>
                                        [--password <password>] [--reset-password] [--url <public gateway URL>]
Environment: MONGO_URL, MONGO_DATABASE (the gateway's database, threadline_gateway).
Creates the workspace and its first admin; run again, it finds them and changes nothing
(--reset-password sets the admin's password anew). Without --password one is generated and shown once.`;

const storeConfigSchema = z.object({
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL'),
  MONGO_DATABASE: z.string().min(1),
});

const createWorkspaceArgs = z.object({
  workspace: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '2–63 lower-case letters, digits or hyphens, the short name typed at login'),
  name: z.string().trim().min(1).max(200),
  'admin-email': z.email(),
  password: z.string().min(8, 'at least 8 characters').max(500).optional(),
  'reset-password': z.boolean().optional(),
  url: z.url().default('http://localhost:3000'),
});

export interface AdminIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** `threadline admin …`: returns the exit code (0 done, 1 failed, 2 wrong usage). */
export async function runAdminCommand(argv: string[], env: NodeJS.ProcessEnv, io: AdminIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create-workspace') {
    io.err(command && command !== '--help' ? `unknown command: ${command}\n${ADMIN_USAGE}` : ADMIN_USAGE);
    return 2;
  }
  let args: z.infer<typeof createWorkspaceArgs>;
  let store: z.infer<typeof storeConfigSchema>;
  try {
    const { values } = parseArgs({
      args: rest,
      options: {
        workspace: { type: 'string' },
        name: { type: 'string' },
        'admin-email': { type: 'string' },
        password: { type: 'string' },
        'reset-password': { type: 'boolean' },
        url: { type: 'string' },
      },
      strict: true,
    });
    const parsed = createWorkspaceArgs.safeParse(values);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`);
      io.err(`${issues.join('\n')}\n${ADMIN_USAGE}`);
      return 2;
    }
    args = parsed.data;
    store = loadConfig('threadline admin', storeConfigSchema, env);
  } catch (error) {
    io.err(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n${ADMIN_USAGE}`);
    return 2;
  }

  const connection = await connectMongo(store.MONGO_URL, store.MONGO_DATABASE);
  try {
    const workspaces = new WorkspaceRepository(connection);
    await ensureIndexes(connection);
    const outcome = await createWorkspace(workspaces, {
      slug: args.workspace,
      name: args.name,
      adminEmail: args['admin-email'],
      password: args.password,
      resetPassword: args['reset-password'],
    });
    for (const line of report(outcome, args.url)) io.out(line);
    return 0;
  } finally {
    await connection.close();
  }
}

/** What the operator reads: what happened, and how to log in. */
function report(outcome: CreateWorkspaceOutcome, url: string): string[] {
  const workspace = outcome.workspaceCreated
    ? `Workspace "${outcome.slug}" (${outcome.name}) created, id ${outcome.workspaceId}.`
    : `Workspace "${outcome.slug}" (${outcome.name}) exists, id ${outcome.workspaceId}; left as it is.`;
  const admin = {
    created: `Admin ${outcome.adminEmail} created.`,
    exists: `Admin ${outcome.adminEmail} exists; password unchanged (--reset-password to set a new one).`,
    'password-reset': `Admin ${outcome.adminEmail}: password reset.`,
  }[outcome.admin];
  const password = outcome.generatedPassword ?? '<the password you chose>';
  const lines = [workspace, admin];
  if (outcome.generatedPassword) lines.push(`Generated password (shown once, stored hashed): ${outcome.generatedPassword}`);
  if (outcome.admin === 'exists') return lines;
  const body = JSON.stringify({ workspace: outcome.slug, email: outcome.adminEmail, password });
  lines.push(
    `Log in: workspace "${outcome.slug}", e-mail ${outcome.adminEmail}:`,
    `  curl -s -X POST ${url.replace(/\/$/, '')}/api/v1/auth/login -H 'content-type: application/json' -d '${body}'`,
  );
  return lines;
}
