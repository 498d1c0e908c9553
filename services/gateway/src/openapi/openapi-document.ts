import { RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { z } from 'zod';
import { apiRouteOf, routePaths, type ApiRole as Role, type ApiRouteDoc } from '@threadline/service-runtime';
import { AgentAuthGuard } from '../auth/agent-auth.guard';
import { rolesOf } from '../auth/roles.guard';

/** One operation: the doc beside its handler, with what Nest's metadata says of method, path and roles. */
type RouteDoc = ApiRouteDoc & { method: string; path: string };

const ALL_ROLES: Role[] = ['agent', 'supervisor', 'admin'];

/** Every refusal: guards, domain rules, and the internal services' answers passed through. */
const errorSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', description: 'stable, for programs: STALE_TICKET, FORBIDDEN, TICKET_NOT_FOUND, …' },
    message: { type: 'string', description: 'for people' },
  },
  required: ['code'],
};

/** What parseOrBadRequest (libs/service-runtime/src/http/parse.ts) answers when a schema refuses the input. */
const validationErrorSchema = {
  type: 'object',
  properties: {
    code: { const: 'INVALID_INPUT' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', description: 'dotted path of the field; "(body)" for the input as a whole' },
          reason: { type: 'string' },
        },
        required: ['field', 'reason'],
      },
    },
  },
  required: ['code', 'errors'],
};

const healthSchema = {
  type: 'object',
  properties: {
    service: { type: 'string' },
    status: { enum: ['ok', 'unavailable'] },
    checks: { type: 'object', additionalProperties: { type: 'string' }, description: '"ok" or what failed, per check' },
  },
  required: ['service', 'status', 'checks'],
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Path parameters as the services read them; any other is a plain string. */
const PATH_PARAMETERS: Record<string, { description: string; schema: object }> = {
  number: { description: 'the ticket number (#N)', schema: { type: 'integer', minimum: 1 } },
};

const TAGS: Record<string, string> = {
  auth: 'Log in, refresh and end sessions; who am I',
  tickets: 'Tickets: list, today view, detail and commands (If-Match, Idempotency-Key, ETag)',
  customers: 'Customer profiles and merges',
  agents: 'Agents of the workspace (admins)',
  audit: 'Audit trail (admins)',
  live: 'Live updates as Server-Sent Events',
  mailboxes: 'Mailboxes connected to the workspace (admins)',
  chat: 'Web chat: typing and read signals on a ticket’s chat, the agent’s chat presence',
  social: 'Facebook Pages and Slack teams connected to the workspace (admins)',
  routing: 'Routing rules: what happens to a ticket when it is created, the customer writes or a field changes (admins)',
  sla: 'SLA policies and the business calendar their business time counts in (admins)',
  meta: 'This document, health and metrics',
};

/** JSON Schema of what a client sends (zod's input side), without the $schema header OpenAPI does not want inside. */
function requestSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

const pathParameterNames = (route: RouteDoc) => [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => name);

function parameters(route: RouteDoc) {
  const path = pathParameterNames(route).map((name) => ({
    name,
    in: 'path',
    required: true,
    ...(PATH_PARAMETERS[name] ?? { schema: { type: 'string' } }),
  }));
  const query = route.query ? requestSchema(route.query) : null;
  const properties = (query?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const fromQuery = Object.entries(properties).map(([name, { description, ...schema }]) => {
    const text = route.queryNotes?.[name] ?? description;
    return { name, in: 'query', required: required.has(name), ...(text ? { description: text } : {}), schema };
  });
  const headers = [
    ...(route.versioned && route.method !== 'get'
      ? [
          {
            name: 'If-Match',
            in: 'header',
            required: false,
            description: 'the ticket version you saw (its ETag, e.g. "3"); 409 STALE_TICKET if the ticket has moved on',
            schema: { type: 'string' },
          },
        ]
      : []),
    ...(route.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'send the same key when you retry: the command is applied once',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        ]
      : []),
  ];
  return [...path, ...fromQuery, ...headers];
}

/** Whether some input of the route is validated (and so may answer 400 INVALID_INPUT). */
const validatesInput = (route: RouteDoc) =>
  Boolean(route.body ?? route.query) || pathParameterNames(route).some((name) => name in PATH_PARAMETERS);

function responses(route: RouteDoc, components: Record<string, unknown>): Record<number, object> {
  const answer = (description: string, schema: object = ref('Error')) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const success: Record<string, unknown> = { description: route.success.description };
  if (route.success.status !== 204) {
    const schema = route.success.schema ? responseSchema(route.success.schema, components) : { type: 'string' };
    success.content = { [route.success.contentType ?? 'application/json']: { schema } };
  }
  if (route.versioned)
    success.headers = { ETag: { description: 'the version of the ticket in the answer ("3")', schema: { type: 'string' } } };

  const all: Record<number, object> = { [route.success.status]: success };
  const badInput = { anyOf: [ref('ValidationError'), ref('Error')] };
  if (validatesInput(route)) all[400] = answer('invalid input: every bad field with the reason', badInput);
  if (route.roles) {
    all[401] = answer('no valid access token (UNAUTHENTICATED)');
    if (ALL_ROLES.some((role) => !route.roles!.includes(role)))
      all[403] = answer(`requires role ${route.roles.join(' or ')} (FORBIDDEN)`);
  }
  if (pathParameterNames(route).length)
    all[404] = answer('not found in your workspace (another workspace’s is not found either)');
  if (route.versioned && route.method !== 'get')
    all[409] = answer('If-Match names a version the ticket has left (STALE_TICKET), or the ticket was merged (TICKET_MERGED)');
  if (route.forwardedTo) {
    const code = `${route.forwardedTo.toUpperCase().replace(/-/g, '_')}_UNAVAILABLE`;
    all[503] = answer(`the ${route.forwardedTo} service did not answer (${code})`);
  }
  for (const [status, description] of Object.entries(route.errors ?? {})) {
    const code = Number(status);
    const schema = code === 400 ? badInput : ['/health', '/health/ready'].includes(route.path) ? ref('Health') : ref('Error');
    all[code] = {
      ...answer(description!, schema),
      ...(code === 429 ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } } : {}),
    };
  }
  return all;
}

function description(route: RouteDoc): string {
  if (!route.roles) return 'No authentication.';
  const who = `Roles: ${route.roles.join(', ')}.`;
  const how = route.streamToken ? ' Authorization header, or ?token= with a stream token from POST /api/v1/live/token.' : '';
  return [who + how, route.policy].filter(Boolean).join(' ');
}

function security(route: RouteDoc) {
  if (!route.roles) return [];
  return route.streamToken ? [{ bearer: [] }, { streamToken: [] }] : [{ bearer: [] }];
}

const operationId = (route: RouteDoc, path: string) =>
  `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;

const isEmptyObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * JSON Schema of what the API answers (zod's output side). Schemas named with `.meta({ id })`
 * go to `components/schemas` once and are referenced, so a client has a name for each.
 */
function responseSchema(schema: z.ZodType, components: Record<string, unknown>): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  // A loose object's `additionalProperties: {}` (beside its `properties`) says what leaving it out says (more fields may come);
  // left out, generated clients get no catch-all index, so a field taken away fails their type-check.
  const text = JSON.stringify(json, function (this: Record<string, unknown>, key, value: unknown) {
    return key === 'additionalProperties' && 'properties' in this && isEmptyObject(value) ? undefined : value;
  });
  const {
    $schema: _drop,
    $defs,
    ...own
  } = JSON.parse(text.replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown> & {
    $defs?: Record<string, unknown>;
  };
  for (const [name, definition] of Object.entries($defs ?? {})) {
    const known = components[name];
    if (known && JSON.stringify(known) !== JSON.stringify(definition))
      throw new Error(`two different answer schemas are named ${name}`);
    components[name] = definition;
  }
  return own;
}

/**
 * Every handler of the controllers with its `@ApiRoute` doc; method and path from `@Get`/`@Post`…
 * and `@Controller`, roles from `@Roles` (or every role behind AgentAuthGuard). A handler without
 * a doc is an error: the document lists every route the gateway serves.
 */
export function documentedRoutes(controllers: Type[]): RouteDoc[] {
  const missing: string[] = [];
  const routes = controllers.flatMap((controller) => {
    const prototype = controller.prototype as Record<string, object>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && Reflect.hasMetadata(METHOD_METADATA, prototype[name]))
      .flatMap((name) => {
        const handler = prototype[name];
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const doc = apiRouteOf(handler);
        if (!doc) missing.push(`${controller.name}.${name}`);
        const guards = [
          ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? []),
          ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
        ];
        const roles = rolesOf(controller, handler) ?? (guards.includes(AgentAuthGuard) ? ALL_ROLES : doc?.roles);
        return doc ? routePaths(controller, handler).map((path) => ({ ...doc, roles, method, path: `/${path}` })) : [];
      });
  });
  if (missing.length) throw new Error(`handlers without @ApiRoute: ${missing.join(', ')}`);
  return routes;
}

/**
 * The OpenAPI 3.1 description of the agent API, built from the controllers: each handler's
 * `@ApiRoute` and the zod schemas the handlers (and the services behind them) validate and answer with.
 */
export function buildOpenApiDocument(version: string, controllers: Type[]) {
  const routes = documentedRoutes(controllers);
  const answers: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: operationId(route, path),
      summary: route.summary,
      description: description(route),
      tags: [route.tag],
      security: security(route),
      parameters: parameters(route),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: requestSchema(route.body) } } } }
        : {}),
      responses: responses(route, answers),
    };
  }
  const tags = [...new Set(routes.map((route) => route.tag))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Threadline agent API',
      version,
      description: [
        'Log in with POST /api/v1/auth/login and send the access token as `Authorization: Bearer <accessToken>`.',
        'The workspace always comes from the token; another workspace’s ticket or customer answers 404.',
        'Refusals answer `{code, message}`; input a schema refuses answers 400 `{code: "INVALID_INPUT", errors: [{field, reason}]}`.',
      ].join(' '),
    },
    servers: [{ url: '/' }],
    tags: tags.map((name) => ({ name, ...(TAGS[name] ? { description: TAGS[name] } : {}) })),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'the access token from login or refresh' },
        streamToken: {
          type: 'apiKey',
          in: 'query',
          name: 'token',
          description: 'a one-minute stream token from POST /api/v1/live/token (EventSource cannot send headers)',
        },
      },
      schemas: { ...answers, Error: errorSchema, ValidationError: validationErrorSchema, Health: healthSchema },
    },
    paths,
  };
}
