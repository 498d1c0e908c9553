// Real answers of the agent API, through the gateway and the tickets service on real Kafka and the
// real store, hold to the success schemas of the OpenAPI document (the console's types come from
// them): a schema that says more or other than the services answer fails here.
import Ajv2020 from 'ajv/dist/2020';
import {
  buildEmailContact,
  fetchJson,
  startService,
  testPublisher,
  waitFor,
  type Json,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { logIn, newWorkspace, PASSWORD, seedAgents, type AgentCall } from './workspace-agents';
import { startTickets } from './started-services';

const publisher = testPublisher('test');
const workspace = newWorkspace('bok');
const agents = {
  admin: { workspace, email: 'admin@firma.test', role: 'admin' },
  ola: { workspace, email: 'ola@firma.test', role: 'agent' },
} as const;
const gatewayEnv = gatewayTestEnv();

let tickets: RunningService;
let gateway: RunningService;
let document: Json;
let call: AgentCall<keyof typeof agents>;

/** Checks a real answer against the document's schema for the operation and status; answers the errors. */
function violations(method: string, template: string, status: number, body: unknown): unknown[] {
  const operation = document.paths[template]?.[method.toLowerCase()];
  const schema = operation?.responses?.[status]?.content?.['application/json']?.schema;
  if (!schema) return [`${method} ${template} documents no ${status} JSON answer`];
  // The schema's $refs point at #/components/…: validate with the components beside it.
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile({ ...schema, components: document.components });
  return validate(body) ? [] : (validate.errors ?? []);
}

beforeAll(async () => {
  await seedAgents(gatewayEnv, Object.values(agents));
  tickets = await startTickets();
  gateway = await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl });
  document = (await fetchJson(`${gateway.url}/api/v1/openapi.json`)).body;
  call = await logIn(gateway.url, agents);
  await publisher.connect();
  const contact = buildEmailContact({
    subject: 'Reklamacja: zażółć gęślą jaźń',
    from: [{ kind: 'email', value: 'klientka@example.pl', displayName: 'Zofia Źdźbło' }],
  });
  await publisher.publish('contact.received.v1', { workspaceId: workspace.id, key: contact.from[0].value, payload: contact });
  await waitFor('ticket #1', async () => (await call('ola', 'GET', '/api/v1/tickets/1')).status === 200);
}, 60_000);

afterAll(async () => {
  await publisher.disconnect();
  await gateway?.close();
  await tickets?.close();
});

it('answers the login, the ticket list, today view and ticket detail as the document says', async () => {
  const session = await fetchJson(`${gateway.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: workspace.slug, email: agents.ola.email, password: PASSWORD }),
  });
  expect(session.status).toBe(200);
  expect(violations('POST', '/api/v1/auth/login', 200, session.body)).toEqual([]);

  const list = await call('ola', 'GET', '/api/v1/tickets?status=new,open&limit=10');
  expect(list.status).toBe(200);
  expect(list.body.items).toHaveLength(1);
  expect(violations('GET', '/api/v1/tickets', 200, list.body)).toEqual([]);

  const today = await call('ola', 'GET', '/api/v1/tickets/today');
  expect(violations('GET', '/api/v1/tickets/today', 200, today.body)).toEqual([]);

  const detail = await call('ola', 'GET', '/api/v1/tickets/1');
  expect(detail.body.subject).toBe('Reklamacja: zażółć gęślą jaźń');
  expect(detail.body.timeline.length).toBeGreaterThan(0);
  expect(violations('GET', '/api/v1/tickets/{number}', 200, detail.body)).toEqual([]);
});

it('answers ticket commands as the document says', async () => {
  const taken = await call('ola', 'PATCH', '/api/v1/tickets/1', { assigneeId: 'me', status: 'open' });
  expect(taken.status).toBe(200);
  expect(violations('PATCH', '/api/v1/tickets/{number}', 200, taken.body)).toEqual([]);

  const note = await call('ola', 'POST', '/api/v1/tickets/1/notes', { text: 'Klientka dzwoniła — oddzwonić' });
  expect(note.status).toBe(201);
  expect(violations('POST', '/api/v1/tickets/{number}/notes', 201, note.body)).toEqual([]);
});

it('answers the customer, the agent and the agent lists as the document says', async () => {
  const ticket = (await call('ola', 'GET', '/api/v1/tickets/1')).body;
  const customer = await call('ola', 'GET', `/api/v1/customers/${ticket.customer.id}`);
  expect(customer.body.name).toBe('Zofia Źdźbło');
  expect(violations('GET', '/api/v1/customers/{id}', 200, customer.body)).toEqual([]);

  const checks: [keyof typeof agents, string, string][] = [
    ['ola', 'GET', '/api/v1/me'],
    ['ola', 'GET', '/api/v1/agent-directory'],
    ['ola', 'GET', '/api/v1/notifications'],
    ['ola', 'POST', '/api/v1/live/token'],
    ['admin', 'GET', '/api/v1/agents'],
    ['admin', 'GET', '/api/v1/audit'],
  ];
  for (const [who, method, path] of checks) {
    const answer = await call(who, method, path);
    expect({ path, status: answer.status < 300 }).toEqual({ path, status: true });
    expect({ path, violations: violations(method, path, answer.status, answer.body) }).toEqual({ path, violations: [] });
  }
});

it('fails a real answer that does not hold to its schema (the check is not vacuous)', async () => {
  const detail = (await call('ola', 'GET', '/api/v1/tickets/1')).body;
  expect(violations('GET', '/api/v1/tickets/{number}', 200, { ...detail, status: 'lost' })).not.toEqual([]);
  const { timeline: _gone, ...withoutTimeline } = detail;
  expect(violations('GET', '/api/v1/tickets/{number}', 200, withoutTimeline)).not.toEqual([]);
});
