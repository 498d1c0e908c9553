import type { StartedInfra } from './docker-infra';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __threadlineInfra?: StartedInfra }).__threadlineInfra;
  await infra?.stop();
}
