import type { INestApplication } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { loadConfig, type CommonConfig } from '@threadline/config';
import { createLogger } from '@threadline/observability';
import {
  createServiceApp,
  InternalApiClient,
  listenService,
  ServiceTokenMinter,
  type CallerRole,
  type InternalCall,
  type ServiceDefinition,
} from '@threadline/service-runtime';
import type { Json } from './http-json';

export type { InternalCall };

/** Who a test's internal call is for; the gateway's agent by default. */
export interface TestCaller {
  id: string;
  role: CallerRole;
}

export const TEST_AGENT: TestCaller = { id: 'agent-ola', role: 'agent' };

/** A workspace's internal API of a running service, called with a valid service token, as the gateway does. */
export interface InternalApi {
  /** `path` relative to internal/v1/workspaces/:workspaceId/, e.g. `tickets/1`. */
  fetch: (path: string, call?: InternalCall) => Promise<{ status: number; body: Json; headers: Headers }>;
}

export interface RunningService {
  app: INestApplication;
  /** The public listener: webhooks, widget, chat socket, /health, /metrics (the gateway's agent API). */
  url: string;
  /** The internal listener: internal/v1/… with a service token. */
  internalUrl: string;
  /** The service's internal API for a workspace, as `caller` (default: an agent). */
  internalApi: (workspaceId: string, caller?: TestCaller) => InternalApi;
  /** Graceful close, as on SIGTERM: in-flight work finishes first. */
  close: () => Promise<void>;
}

/**
 * Starts a real service in-process on free ports (public and internal). Its
 * settings go through the same validation as in production (from
 * environment-style strings). `options.logs` receives its log lines, as the
 * production logger writes them (masked), instead of stdout.
 */
export async function startService<C extends CommonConfig>(
  definition: ServiceDefinition<C>,
  env: Record<string, string>,
  options: { logs?: Writable } = {},
): Promise<RunningService> {
  const config = loadConfig(definition.name, definition.configSchema, env) as C;
  const app = await createServiceApp(definition, config, createLogger(definition.name, config.LOG_LEVEL, options.logs));
  const { publicPort, internalPort } = await listenService(app, {
    ...config,
    HTTP_PORT: 0,
    HTTP_HOST: '127.0.0.1',
    INTERNAL_HTTP_PORT: 0,
    INTERNAL_HTTP_HOST: '127.0.0.1',
  });
  const internalUrl = `http://127.0.0.1:${internalPort}`;
  const client = new InternalApiClient(
    { name: definition.name, baseUrl: internalUrl },
    new ServiceTokenMinter('gateway', config.SERVICE_TOKEN_SECRET),
  );
  return {
    app,
    url: `http://127.0.0.1:${publicPort}`,
    internalUrl,
    internalApi: (workspaceId, caller = TEST_AGENT) => ({
      fetch: async (path, call) => {
        // A test waits for the answer, however loaded the machine: the services' 10 s is for calls between them.
        const response = await client.call({ workspaceId, agentId: caller.id, role: caller.role }, path, {
          timeoutMs: 60_000,
          ...call,
        });
        return { status: response.status, body: await response.json().catch(() => null), headers: response.headers };
      },
    }),
    close: () => app.close(),
  };
}
