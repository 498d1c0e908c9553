import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { loadConfig, type CommonConfig } from '@threadline/config';
import { createServiceApp, type ServiceDefinition } from '@threadline/service-runtime';

export interface RunningService {
  app: INestApplication;
  url: string;
  /** Graceful close, as on SIGTERM: in-flight work finishes first. */
  close: () => Promise<void>;
}

/**
 * Starts a real service in-process on a free port. Its settings go through the
 * same validation as in production (from environment-style strings).
 */
export async function startService<C extends CommonConfig>(
  definition: ServiceDefinition<C>,
  env: Record<string, string>,
): Promise<RunningService> {
  const config = loadConfig(definition.name, definition.configSchema, env) as C;
  const app = await createServiceApp(definition, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
