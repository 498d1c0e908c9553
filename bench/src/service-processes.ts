import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchInfra } from './env';

const REPO = join(__dirname, '..', '..');
const children: ChildProcess[] = [];
/** One key for every service process of this bench run. */
const storeSecretsKey = randomBytes(32).toString('base64');
/** Signs the service tokens of this run's internal calls (the bench agent's replies through tickets). */
export const benchServiceTokenSecret = randomBytes(32).toString('base64url');
// Whatever happens to the bench, the services it started do not outlive it.
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/**
 * A real service as the platform runs it: its built `dist/main.js` in its own process, on the bench infrastructure.
 * Its log (JSON lines, `LOG_LEVEL` warn unless set) goes to `<state dir>/logs/bench-<name>.log`, to see why a run was slow.
 */
export function startServiceProcess(name: string, extra: Record<string, string>): ChildProcess {
  const infra = benchInfra();
  const logs = join(process.env.THREADLINE_STATE_DIR ?? join(REPO, '.local', 'bench-infra'), 'logs');
  mkdirSync(logs, { recursive: true });
  const log = createWriteStream(join(logs, `bench-${name}.log`), { flags: 'a' });
  // BENCH_CPU_PROFILE_DIR: each service writes a V8 CPU profile there when it exits (node's --cpu-prof).
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const profiling = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${Date.now()}-${children.length}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profiling, join(REPO, 'services', name, 'dist', 'main.js')], {
    env: {
      ...process.env,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      INTERNAL_HTTP_PORT: '0',
      INTERNAL_HTTP_HOST: '127.0.0.1',
      SERVICE_TOKEN_SECRET: benchServiceTokenSecret,
      KAFKA_BROKERS: infra.kafkaBrokers,
      MONGO_URL: infra.mongoUrl,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      STORE_SECRETS_KEY: storeSecretsKey,
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.pipe(log);
  children.push(child);
  return child;
}

/** SIGTERM, and wait for the graceful exit. */
export async function stopServiceProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/**
 * Starts the service once on its empty database until it answers /health (by then it has created
 * its indexes), then stops it: an office's store gets its indexes at first start, while empty, so
 * a bench that fills history first should too — else the first start builds them over it all.
 */
export async function createIndexesOf(name: string, extra: Record<string, string>, port: number): Promise<void> {
  const child = startServiceProcess(name, { ...extra, HTTP_PORT: String(port) });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${name} exited (code ${code}) while creating its indexes`))),
  );
  exited.catch(() => undefined);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy within 120 s`);
    await Promise.race([new Promise((r) => setTimeout(r, 250)), exited]);
  }
  child.removeAllListeners('exit');
  await stopServiceProcess(child);
}

/**
 * The services of one bench run: started together, watched together (a
 * death before `stop` rejects `died`, so a bench never waits on a dead
 * service), stopped together.
 */
export class ServiceGroup {
  private readonly members: ChildProcess[] = [];
  private stopping = false;
  private fail: (error: Error) => void = () => undefined;
  /** Rejects if a service process exits before `stop`. */
  readonly died = new Promise<never>((_, reject) => (this.fail = reject));

  constructor() {
    this.died.catch(() => undefined); // observed by the races of the bench
  }

  start(name: string, extra: Record<string, string>): ChildProcess {
    const child = startServiceProcess(name, extra);
    this.members.push(child);
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.fail(new Error(`${name} exited (code ${code}, signal ${signal}) during the bench`));
    });
    return child;
  }

  /** The tickets service in its own database and consumer group for this run. */
  startTickets(run: string, extra: Record<string, string> = {}): ChildProcess {
    return this.start('tickets', {
      MONGO_DATABASE: `bench_tickets_${run}`,
      TICKETS_CONSUMER_GROUP: `bench-tickets-${run}`,
      ...extra,
    });
  }

  /** Stops one member on purpose (not counted as a death). */
  async stopOne(child: ChildProcess): Promise<void> {
    this.members.splice(this.members.indexOf(child), 1);
    child.removeAllListeners('exit');
    await stopServiceProcess(child);
  }

  /** Waits for `url`/health, failing fast if a member dies. */
  async healthy(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
      await Promise.race([new Promise((r) => setTimeout(r, 250)), this.died]);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.members.map(stopServiceProcess));
  }
}

/** Runs a scenario's main and exits with its outcome (the services are killed on exit). */
export function runScenario(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
