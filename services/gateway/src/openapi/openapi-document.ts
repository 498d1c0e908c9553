import { z } from 'zod';
import { AGENT_API_ROUTES, type RouteDoc } from './agent-api.routes';

const errorSchema = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
  required: ['code'],
};
const validationErrorSchema = {
  type: 'object',
  properties: {
    code: { const: 'VALIDATION_FAILED' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['code', 'errors'],
};

/** JSON Schema of what a client sends (zod's input side), without the $schema header OpenAPI does not want inside. */
function requestSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

function parameters(route: RouteDoc) {
  const path = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = route.query ? requestSchema(route.query) : null;
  const properties = (query?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const fromQuery = Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema,
  }));
  const headers = [
    ...(route.versioned && route.method !== 'get'
      ? [
          {
            name: 'If-Match',
            in: 'header',
            required: false,
            description: 'the ticket version you saw ("3"); 409 STALE_TICKET if it changed',
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
            description: 'repeat a command safely: the same key is applied once',
            schema: { type: 'string' },
          },
        ]
      : []),
  ];
  return [...path, ...fromQuery, ...headers];
}

function responses(route: RouteDoc) {
  const error = (description: string, schema: object = errorSchema) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const success: Record<string, unknown> = { description: route.success.description };
  if (route.success.status !== 204) success.content = { [route.success.contentType ?? 'application/json']: { schema: {} } };
  if (route.versioned) success.headers = { ETag: { description: 'the ticket version', schema: { type: 'string' } } };
  return {
    [route.success.status]: success,
    400: error('invalid input: every bad field with the reason', validationErrorSchema),
    ...(route.roles
      ? { 401: error('no valid access token'), 403: error('the role may not do this'), 404: error('not found in your workspace') }
      : {}),
    ...(route.versioned && route.method !== 'get'
      ? { 409: error('stale update (STALE_TICKET) or the ticket was merged away') }
      : {}),
    ...(route.path === '/api/v1/auth/login'
      ? { 401: error('wrong workspace, e-mail or password'), 429: error('too many failed logins; see Retry-After') }
      : {}),
  };
}

/** The OpenAPI 3.1 description of the agent API, built from the routes table and their zod schemas. */
export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of AGENT_API_ROUTES) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: `${route.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      tags: [route.tag],
      ...(route.roles ? { description: `Roles: ${route.roles.join(', ')}.`, security: [{ bearer: [] }] } : { security: [] }),
      parameters: parameters(route),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: requestSchema(route.body) } } } }
        : {}),
      responses: responses(route),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Threadline agent API',
      version,
      description: 'The workspace always comes from the access token; another workspace’s data answers 404.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
