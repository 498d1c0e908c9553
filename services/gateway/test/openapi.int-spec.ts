// The OpenAPI document is served, valid OpenAPI 3.1, and lists every route the gateway really has.
import { Validator } from '@seriousme/openapi-schema-validator';
import { commonTestEnv, fetchJson, startService, type RunningService } from '@threadline/testing';
import { gatewayService } from '../src/app.module';

let gateway: RunningService;

beforeAll(async () => {
  gateway = await startService(gatewayService, {
    ...commonTestEnv('gateway'),
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
    TICKETS_URL: 'http://127.0.0.1:9',
  });
});
afterAll(() => gateway?.close());

/** "GET /api/v1/tickets/{number}" for every route Express has registered under /api/v1. */
function registeredRoutes(): string[] {
  const express = gateway.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack
    .filter((layer) => layer.route?.path.startsWith('/api/v1'))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
    );
}

it('serves a valid OpenAPI 3.1 document without authentication', async () => {
  const { status, body } = await fetchJson(`${gateway.url}/api/v1/openapi.json`);
  expect(status).toBe(200);
  const result = await new Validator().validate(body);
  expect(result).toEqual({ valid: true });
  expect(body.openapi).toBe('3.1.0');
});

it('documents every route the gateway serves, and no route it does not', async () => {
  const { body } = await fetchJson(`${gateway.url}/api/v1/openapi.json`);
  const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
  expect(documented.sort()).toEqual(registeredRoutes().sort());
});

it('describes request bodies from the schemas the handlers validate with', async () => {
  const { body } = await fetchJson(`${gateway.url}/api/v1/openapi.json`);
  const patch = body.paths['/api/v1/tickets/{number}'].patch;
  const schema = patch.requestBody.content['application/json'].schema;
  expect(schema.properties.status.enum).toEqual(['new', 'open', 'waiting_customer', 'waiting_department', 'closed']);
  expect(schema.additionalProperties).toBe(false);
  expect(patch.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(['number', 'If-Match', 'Idempotency-Key']),
  );
  expect(patch.responses['409']).toBeDefined();
  expect(body.paths['/api/v1/tickets'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(['status', 'assignee', 'q', 'cursor']),
  );
});
