import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { benchInfra } from './env';

const REPO = join(__dirname, '..', '..');
const children: ChildProcess[] = [];
/** One key for every service process of this bench run. */
const storeSecretsKey = randomBytes(32).toString('base64');
// Whatever happens to the bench, the services it started do not outlive it.
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** A real service as the platform runs it: its built `dist/main.js` in its own process, on the bench infrastructure. */
export function startServiceProcess(name: string, extra: Record<string, string>): ChildProcess {
  const infra = benchInfra();
  const child = spawn(process.execPath, [join(REPO, 'services', name, 'dist', 'main.js')], {
    env: {
      ...process.env,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      KAFKA_BROKERS: infra.kafkaBrokers,
      MONGO_URL: infra.mongoUrl,
      LOG_LEVEL: 'warn',
      STORE_SECRETS_KEY: storeSecretsKey,
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

/** SIGTERM, and wait for the graceful exit. */
export async function stopServiceProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
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
