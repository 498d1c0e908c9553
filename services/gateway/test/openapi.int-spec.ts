// The OpenAPI document is served, valid OpenAPI 3.1, and says what the gateway really does: every route
// Express serves (and no other), the roles each handler's guards enforce, what each answers on success
// and the error shapes it answers. The console's generated client is the one this document gives.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { fetchJson, startService, type Json, type RunningService, gatewayTestEnv } from '@threadline/testing';
import { gatewayService } from '../src/app.module';
import { gatewayOpenApiDocument } from '../src/openapi/gateway-openapi';
import { AgentAuthGuard } from '../src/auth/agent-auth.guard';

let gateway: RunningService;
let document: Json;

beforeAll(async () => {
  gateway = await startService(gatewayService, {
    ...gatewayTestEnv(),
    TICKETS_URL: 'http://127.0.0.1:9',
  });
  document = (await fetchJson(`${gateway.url}/api/v1/openapi.json`)).body;
});
afterAll(() => gateway?.close());

type Operation = { method: string; path: string; op: Json };
const operations = (): Operation[] =>
  Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
const key = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;
const documented = (method: string, path: string) => document.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
const resolveRef = (schema: Json): Json =>
  schema?.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;

/** "GET /api/v1/tickets/{number}" for every route the Express app has registered. */
function registeredRoutes(): string[] {
  const express = gateway.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => key(method, layer.route!.path)));
}

/** Every handler of every controller Nest loaded, with the roles its guards enforce (null: no guard). */
function handlers(): { route: string; roles: string[] | null }[] {
  const join = (...parts: string[]) =>
    `/${parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/')}`;
  return [...gateway.app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].flatMap(({ metatype }) => {
      const controller = metatype as Type;
      const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string;
      const prototype = controller.prototype as Record<string, object>;
      return Object.getOwnPropertyNames(prototype)
        .filter((name) => name !== 'constructor' && Reflect.hasMetadata(METHOD_METADATA, prototype[name]))
        .map((name) => {
          const handler = prototype[name];
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
          const guards = [
            ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? []),
            ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
          ];
          const roles = (Reflect.getMetadata('threadline:roles', handler) ??
            Reflect.getMetadata('threadline:roles', controller)) as string[] | undefined;
          const authenticated = guards.includes(AgentAuthGuard);
          return {
            route: key(method, join(prefix, Reflect.getMetadata(PATH_METADATA, handler) as string)),
            roles: roles ?? (authenticated ? ['agent', 'supervisor', 'admin'] : null),
          };
        });
    }),
  );
}

it('serves a valid OpenAPI 3.1 document without authentication', async () => {
  const { status, body } = await fetchJson(`${gateway.url}/api/v1/openapi.json`);
  expect(status).toBe(200);
  const result = await new Validator().validate(body);
  expect(result).toEqual({ valid: true });
  expect(body.openapi).toBe('3.1.0');
});

it('documents every route the gateway serves, with its method, and no route it does not', () => {
  const listed = operations().map(({ method, path }) => `${method} ${path}`);
  expect(listed.sort()).toEqual(registeredRoutes().sort());
  // The same set seen from Nest's side: every controller handler.
  expect(
    handlers()
      .map((h) => h.route)
      .sort(),
  ).toEqual(listed.sort());
});

it("states the roles each handler's guards enforce", () => {
  for (const { route, roles } of handlers()) {
    const [method, path] = route.split(' ');
    const op = documented(method, path);
    if (roles === null) continue; // no guard: open, or checked in the handler (live updates) — see the next test
    expect({ route, security: op.security }).toEqual({ route, security: expect.arrayContaining([{ bearer: [] }]) });
    expect({ route, description: op.description }).toEqual({
      route,
      description: expect.stringContaining(`Roles: ${roles.join(', ')}.`),
    });
  }
});

it('answers 401 without a token exactly where the document asks for one', async () => {
  for (const { method, path, op } of operations()) {
    const url = `${gateway.url}${path.replace(/\{\w+\}/g, '1')}`;
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });
    await response.body?.cancel();
    const needsToken = op.security.length > 0;
    expect({ route: `${method} ${path}`, unauthorized: response.status === 401 }).toEqual({
      route: `${method} ${path}`,
      unauthorized: needsToken,
    });
    if (needsToken) expect(op.responses['401']).toBeDefined();
  }
});

it('describes errors in the shapes the gateway answers with', async () => {
  const invalid = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: 'demo', email: 'not an e-mail', extra: 1 }),
  });
  expect(invalid.status).toBe(400);
  const badInput = documented('POST', '/api/v1/auth/login').responses['400'].content['application/json'].schema;
  const validation = resolveRef(badInput.anyOf[0]);
  expect(invalid.body.code).toBe(validation.properties.code.const);
  expect(Object.keys(invalid.body).sort()).toEqual([...validation.required].sort());
  for (const error of invalid.body.errors)
    expect(Object.keys(error).sort()).toEqual([...validation.properties.errors.items.required].sort());

  const unauthenticated = await fetchJson(`${gateway.url}/api/v1/me`);
  const error = resolveRef(documented('GET', '/api/v1/me').responses['401'].content['application/json'].schema);
  expect(Object.keys(unauthenticated.body).every((name) => name in error.properties)).toBe(true);
  expect(unauthenticated.body).toEqual(
    expect.objectContaining(Object.fromEntries(error.required.map((k: string) => [k, expect.any(String)]))),
  );
});

it('describes requests from the zod schemas the handlers validate with', () => {
  const patch = documented('PATCH', '/api/v1/tickets/:number');
  const schema = patch.requestBody.content['application/json'].schema;
  expect(schema.properties.status.enum).toEqual(['new', 'open', 'waiting_customer', 'waiting_department', 'closed']);
  expect(schema.additionalProperties).toBe(false);
  expect(patch.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(['number', 'If-Match', 'Idempotency-Key']),
  );
  expect(patch.responses['409']).toBeDefined();
  expect(patch.responses['200'].headers.ETag).toBeDefined();

  const list = documented('GET', '/api/v1/tickets').parameters as { name: string; schema: Json; description?: string }[];
  expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'assignee', 'q', 'sort', 'limit', 'cursor']));
  expect(list.find((p) => p.name === 'limit')!.schema).toMatchObject({ type: 'integer', maximum: 200, default: 50 });
  expect(list.find((p) => p.name === 'assignee')!.description).toMatch(/me, team/);
  expect(documented('GET', '/api/v1/tickets/today').parameters.map((p: { name: string }) => p.name)).toEqual(['limit']);
  expect(documented('POST', '/api/v1/tickets/:number/replies').requestBody.content['application/json'].schema.required).toEqual([
    'text',
  ]);
});

it('gives every operation a success answer with a schema, and names the answers in components', () => {
  const withoutSchema = operations().flatMap(({ method, path, op }) => {
    const [status, success] = Object.entries(op.responses as Record<string, Json>).find(([code]) => Number(code) < 300)!;
    if (status === '204') return success.content ? [`${method} ${path}: 204 with a body`] : [];
    const schemas = Object.values((success.content ?? {}) as Record<string, { schema?: object }>).map((c) => c.schema);
    return schemas.length && schemas.every((schema) => schema && Object.keys(schema).length > 0) ? [] : [`${method} ${path}`];
  });
  expect(withoutSchema).toEqual([]);
  const detail = documented('GET', '/api/v1/tickets/:number').responses['200'].content['application/json'].schema;
  expect(detail).toEqual({ $ref: '#/components/schemas/TicketDetail' });
  expect(resolveRef(detail).required).toEqual(expect.arrayContaining(['number', 'version', 'status', 'timeline', 'customer']));
});

it('is the document the console is built against (built without a running gateway) and its client is current', async () => {
  // The build writes the console's types from gatewayOpenApiDocument(): the same as served, so
  // the controllers the build sees are the ones Nest loads.
  expect(JSON.parse(JSON.stringify(gatewayOpenApiDocument()))).toEqual(document);
  // The checked-in generated client is what this document gives (the console's build rewrites it).
  // Not execFileSync: a blocked event loop would leave the gateway's closed keep-alive sockets unseen.
  await expect(
    promisify(execFile)(process.execPath, ['apps/console/scripts/generate-api-client.mjs', '--check'], {
      cwd: resolve(__dirname, '../../..'),
    }),
  ).resolves.toBeDefined();
});

it('serves the API viewer from local files, and nothing else from its folder', async () => {
  const page = await fetch(`${gateway.url}/api/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await page.text();
  const scripts = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url);
  expect(scripts).toEqual(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js', '/api/docs/viewer.js']);
  for (const url of scripts) {
    const file = await fetch(`${gateway.url}${url}`);
    expect({ url, status: file.status }).toEqual({ url, status: 200 });
    expect((await file.text()).length).toBeGreaterThan(url.endsWith('viewer.js') ? 10 : 10_000);
  }
  const viewer = await (await fetch(`${gateway.url}/api/docs/viewer.js`)).text();
  expect(viewer).toContain("'/api/v1/openapi.json'");
  for (const name of ['package.json', 'index.html', '..%2Fpackage.json', 'swagger-ui-bundle.js.map']) {
    const refused = await fetch(`${gateway.url}/api/docs/${name}`);
    await refused.body?.cancel();
    expect({ name, status: refused.status }).toEqual({ name, status: 404 });
  }
});
