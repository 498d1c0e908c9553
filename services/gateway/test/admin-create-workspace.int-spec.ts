// `threadline admin create-workspace` on the real store, and logging in with what it prints.
import { connectMongo } from '@threadline/persistence';
import { fetchJson, startService, uniqueName, type RunningService, gatewayTestEnv } from '@threadline/testing';
import { gatewayService } from '../src/app.module';
import { runAdminCommand } from '../src/cli/admin-command';
import { WorkspaceRepository } from '../src/workspaces/workspace.repository';

const env = {
  ...gatewayTestEnv(),
  TICKETS_URL: 'http://127.0.0.1:9', // not called here
};
let gateway: RunningService;
let workspaces: WorkspaceRepository;
let closeStore: () => Promise<void>;

beforeAll(async () => {
  gateway = await startService(gatewayService, env);
  const connection = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  closeStore = () => connection.close();
  workspaces = new WorkspaceRepository(connection);
});

afterAll(async () => {
  await gateway?.close();
  await closeStore?.();
});

async function admin(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const login = (workspace: string, email: string, password: string) =>
  fetchJson(`${gateway.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace, email, password }),
  });

it('creates the workspace and its admin, prints how to log in, and that login works', async () => {
  const slug = uniqueName('acme').replace('_', '-');
  const first = await admin(
    'create-workspace',
    '--workspace',
    slug,
    '--name',
    'Łódzka Spółdzielnia',
    '--admin-email',
    'Szef@Firma.test',
    '--password',
    'pierwsze-hasło-1',
  );
  expect(first).toMatchObject({ code: 0, err: '' });
  expect(first.out).toContain(`Workspace "${slug}" (Łódzka Spółdzielnia) created`);
  expect(first.out).toContain('Admin szef@firma.test created.');
  expect(first.out).toContain(`http://localhost:3000/api/v1/auth/login`);
  const loggedIn = await login(slug, 'szef@firma.test', 'pierwsze-hasło-1');
  expect(loggedIn.status).toBe(200);
  const me = await fetchJson(`${gateway.url}/api/v1/me`, { headers: { authorization: `Bearer ${loggedIn.body.accessToken}` } });
  expect(me.body).toMatchObject({ email: 'szef@firma.test', role: 'admin' });

  // Again, with another name and password: it says so and changes nothing.
  const second = await admin(
    'create-workspace',
    '--workspace',
    slug,
    '--name',
    'Inna nazwa',
    '--admin-email',
    'szef@firma.test',
    '--password',
    'drugie-hasło-2',
  );
  expect(second.code).toBe(0);
  expect(second.out).toContain(`Workspace "${slug}" (Łódzka Spółdzielnia) exists`);
  expect(second.out).toContain('password unchanged');
  expect((await workspaces.findWorkspaceBySlug(slug))?.name).toBe('Łódzka Spółdzielnia');
  expect((await login(slug, 'szef@firma.test', 'drugie-hasło-2')).status).toBe(401);
  expect((await login(slug, 'szef@firma.test', 'pierwsze-hasło-1')).status).toBe(200);
  expect((await workspaces.listAgents((await workspaces.findWorkspaceBySlug(slug))!._id)).length).toBe(1);
});

it('generates a password when none is given, and resets it only when asked', async () => {
  const slug = uniqueName('bok').replace('_', '-');
  const created = await admin('create-workspace', '--workspace', slug, '--name', 'BOK', '--admin-email', 'ops@firma.test');
  const generated = /Generated password \(shown once, stored hashed\): (\S+)/.exec(created.out)?.[1];
  expect(generated).toHaveLength(24);
  expect((await login(slug, 'ops@firma.test', generated!)).status).toBe(200);

  const reset = await admin(
    'create-workspace',
    '--workspace',
    slug,
    '--name',
    'BOK',
    '--admin-email',
    'ops@firma.test',
    '--reset-password',
    '--password',
    'nowe-hasło-123',
  );
  expect(reset.out).toContain('Admin ops@firma.test: password reset.');
  expect((await login(slug, 'ops@firma.test', generated!)).status).toBe(401);
  expect((await login(slug, 'ops@firma.test', 'nowe-hasło-123')).status).toBe(200);
});

it('refuses wrong input, naming the option, and touches nothing', async () => {
  const bad = await admin(
    'create-workspace',
    '--workspace',
    'Zła Nazwa',
    '--name',
    'X',
    '--admin-email',
    'nie-email',
    '--password',
    'krótkie',
  );
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('--workspace:');
  expect(bad.err).toContain('--admin-email:');
  expect(bad.err).toContain('--password: at least 8 characters');
  expect(await workspaces.findWorkspaceBySlug('Zła Nazwa')).toBeNull();
  expect((await admin('delete-everything')).code).toBe(2);
});
