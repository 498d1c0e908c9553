// The README's first command, as a new user runs it: `scripts/platform.sh up` starts the
// infrastructure, the eight services and the demo workspace; the demo's mail becomes a ticket the
// demo admin sees through the agent API; `status` says so; `down` stops all of it. A second
// platform on its own ports and dir (PLATFORM_PORT_BASE, THREADLINE_PLATFORM_DIR), so it runs
// beside the tests' infrastructure and a platform already started on this machine.
// (CI runs no other check of the script: a change to it once broke `up` on the README's defaults.)
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@threadline/testing';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..');
const base = Number(process.env.TEST_PLATFORM_PORT_BASE ?? 29000);
const dir = mkdtempSync(join(tmpdir(), 'threadline-platform-'));
const gateway = `http://127.0.0.1:${base}`;

/** The tests' own infrastructure settings (scripts/test.sh) would win over the base: the platform gets none of them. */
const INFRA_VARIABLES = /^(KAFKA_|MONGO_|POSTGRES_|IMAP_|SMTP_|LMTP_|THREADLINE_STATE_DIR$|FERRETDB_BIN$)/;
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !INFRA_VARIABLES.test(name))),
  PLATFORM_PORT_BASE: String(base),
  THREADLINE_PLATFORM_DIR: dir,
};
const platform = (command: 'up' | 'down' | 'status') =>
  run('bash', [join(repoRoot, 'scripts', 'platform.sh'), command], { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 });

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const secret = (name: string) =>
  readFileSync(join(dir, 'secrets.env'), 'utf8')
    .split('\n')
    .find((line) => line.startsWith(`${name}=`))!
    .slice(name.length + 1);

afterAll(async () => {
  // Whatever happened above, nothing of this platform outlives the test.
  await platform('down').catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

it('starts everything from one command, turns the demo mail into a ticket, and stops everything', async () => {
  const { stdout } = await platform('up');
  expect(stdout).toContain('Threadline is up — all 8 services healthy');
  expect(stdout).toContain(`Agent API      ${gateway}/api/v1`);

  const login = await fetch(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: 'demo', email: 'admin@demo.threadline.test', password: secret('DEMO_ADMIN_PASSWORD') }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };

  await run('npm', ['run', '--silent', 'demo:mail'], { cwd: repoRoot, env });
  const ticket = await waitFor(
    'the demo mail as a ticket',
    async () => {
      const answer = await fetch(`${gateway}/api/v1/tickets?channel=email`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const { items } = (await answer.json()) as { items: { number: number; subject: string | null }[] };
      return items[0];
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  expect(ticket).toMatchObject({ number: 1, subject: 'Reklamacja: paczka nie dotarła' });

  const status = await platform('status');
  for (const service of ['gateway', 'channel-email', 'channel-voice', 'channel-social', 'tickets', 'routing', 'sla', 'reporting'])
    expect(status.stdout).toContain(`${service}: healthy`);

  await platform('down');
  expect(readdirSync(join(dir, 'pids')).filter((f) => f.endsWith('.pid'))).toEqual([]);
  expect(existsSync(join(dir, 'infra', 'pids', 'ferretdb.pid'))).toBe(false);
  // The gateway, tickets' internal listener, FerretDB and Kafka at the base: nothing answers there any more.
  for (const port of [base, base + 104, base + 17, base + 92]) expect(await listening(port)).toBe(false);
}, 600_000);
