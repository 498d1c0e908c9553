// Several instances of the infrastructure run side by side (the platform, the tests, benchmarks).
// `scripts/infra.sh down` for one state dir must stop only that instance's servers, even with
// another instance's ports in the environment: it once took a running FerretDB for its own
// because it listened on the port asked for, and stopped it.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectMongo } from '@threadline/persistence';
import { testInfra, uniqueName } from '@threadline/testing';

const run = promisify(execFile);
const stateDir = process.env.THREADLINE_STATE_DIR;
if (!stateDir) throw new Error('THREADLINE_STATE_DIR is not set: run the embedded-store tests with "npm test"');
const repoRoot = join(__dirname, '..', '..');
const ourFerretDb = () => Number(readFileSync(join(stateDir, 'pids', 'ferretdb.pid'), 'utf8').trim());
const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function expectOurStoreAnswers() {
  const store = await connectMongo(testInfra().mongoUrl, uniqueName('db'));
  try {
    expect(await store.db!.admin().ping()).toMatchObject({ ok: 1 });
  } finally {
    await store.close();
  }
}

it("stops another state dir's instance without touching ours, whatever ports the environment names", async () => {
  const pidBefore = ourFerretDb();
  // Another instance's state dir: its FerretDB ran on another port and has gone (a stale pid file).
  const other = mkdtempSync(join(tmpdir(), 'threadline-other-instance-'));
  try {
    mkdirSync(join(other, 'pids'));
    writeFileSync(join(other, 'pids', 'ferretdb.pid'), '2147483\n');
    writeFileSync(join(other, 'pids', 'ferretdb.settings'), 'MONGO_PORT=1 \n');
    // The environment still names our instance's ports (MONGO_PORT from scripts/test.sh).
    await run('bash', [join(repoRoot, 'scripts', 'infra.sh'), 'down'], {
      env: { ...process.env, THREADLINE_STATE_DIR: other },
    });
  } finally {
    rmSync(other, { recursive: true, force: true });
  }

  expect(ourFerretDb()).toBe(pidBefore);
  expect(isRunning(pidBefore)).toBe(true);
  await expectOurStoreAnswers();
});

it('leaves ours running when another state dir, with no pid files at all, is stopped with our ports in the environment', async () => {
  const pidBefore = ourFerretDb();
  // A checkout that never started its own instance (or lost its pid files): `down` looks for its
  // servers by command line, and our FerretDB listens on the very port the environment names.
  const other = mkdtempSync(join(tmpdir(), 'threadline-never-started-'));
  try {
    await run('bash', [join(repoRoot, 'scripts', 'infra.sh'), 'down'], {
      env: { ...process.env, THREADLINE_STATE_DIR: other },
    });
  } finally {
    rmSync(other, { recursive: true, force: true });
  }

  expect(isRunning(pidBefore)).toBe(true);
  await expectOurStoreAnswers();
});
