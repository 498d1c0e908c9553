import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** From libs/testing/src (tests) or libs/testing/dist (built) up to the repository. */
const REPO = join(__dirname, '..', '..', '..');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** How a service process ended after SIGTERM. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the SIGTERM to the exit. */
  ms: number;
}

export interface ServiceProcess {
  /** The public listener (/health, /metrics). */
  url: string;
  child: ChildProcess;
  /** Sends SIGTERM, as a platform does on a scale-in or a deploy, and waits for the exit. */
  terminate: () => Promise<ProcessExit>;
}

/**
 * A service as the platform runs it: its built `dist/main.js` in its own
 * process, so a test can send it a real SIGTERM. Resolves once /health answers.
 */
export async function startServiceProcess(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO, 'services', name, 'dist', 'main.js')], {
    env: { ...process.env, ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (code ${child.exitCode}) while starting`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    terminate: async () => {
      const sent = Date.now();
      if (child.exitCode === null) child.kill('SIGTERM');
      const { code, signal } = await exited;
      return { code, signal, ms: Date.now() - sent };
    },
  };
}
