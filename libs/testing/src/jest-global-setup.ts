import { execFileSync } from 'node:child_process';
import { selectInfraMode } from './infra-mode';

function dockerAvailable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Runs once before the integration tests; env set here reaches every test worker. */
export default async function globalSetup(): Promise<void> {
  if (selectInfraMode(process.env, dockerAvailable) === 'docker') {
    const { startDockerInfra } = await import('./docker-infra');
    const infra = await startDockerInfra();
    Object.assign(process.env, infra.env);
    (globalThis as { __threadlineInfra?: unknown }).__threadlineInfra = infra;
  }
}
