// Admins manage SLA policies and the business calendar through the gateway;
// the sla service validates, stores and audits them. Real: Kafka, the store,
// gateway, tickets and sla.
import { commonTestEnv, type Json, type RunningService, startService, gatewayTestEnv } from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { slaService } from '../../services/sla/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';

const wsA = newWorkspace('sklep');
const wsB = newWorkspace('hurt');
const agents: Record<'adminA' | 'agentA' | 'adminB', TestAgent> = {
  adminA: { workspace: wsA, email: 'admin@firma.test', role: 'admin' },
  agentA: { workspace: wsA, email: 'ola@firma.test', role: 'agent' },
  adminB: { workspace: wsB, email: 'admin@firma.test', role: 'admin' },
};
const running: RunningService[] = [];
let gateway: RunningService;
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));
  const tickets = await startService(ticketsService, commonTestEnv('tickets'));
  const sla = await startService(slaService, commonTestEnv('sla'));
  running.push(tickets, sla);
  gateway = await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl, SLA_URL: sla.internalUrl });
  call = await logIn(gateway.url, agents);
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all(running.map((s) => s.close()));
});

const complaints = {
  name: 'Reklamacje VIP — pilne',
  position: 10,
  match: { queues: ['reklamacje'], priorities: ['urgent', 'high'], customerTiers: ['vip'] },
  targets: { firstResponseMinutes: 30, resolutionMinutes: 480 },
};

it('lets only admins add, read, replace and remove policies, in the workspace of their token', async () => {
  expect((await call('agentA', 'GET', '/api/v1/sla/policies')).status).toBe(403);
  expect((await call('agentA', 'POST', '/api/v1/sla/policies', complaints)).status).toBe(403);

  const added = await call('adminA', 'POST', '/api/v1/sla/policies', complaints);
  expect(added.status).toBe(201);
  expect(added.body).toMatchObject({
    name: 'Reklamacje VIP — pilne',
    time: 'business',
    isDefault: false,
    match: { queues: ['reklamacje'], priorities: ['urgent', 'high'], channels: [], categories: [], customerTiers: ['vip'] },
    targets: { firstResponseMinutes: 30, nextResponseMinutes: null, resolutionMinutes: 480 },
  });
  const path = `/api/v1/sla/policies/${added.body.id}`;
  const fallback = await call('adminA', 'POST', '/api/v1/sla/policies', {
    name: 'Domyślna',
    isDefault: true,
    time: 'calendar',
    targets: { firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 2400 },
  });
  expect(fallback.status).toBe(201);

  const listed = await call('adminA', 'GET', '/api/v1/sla/policies');
  expect(listed.body.items.map((p: Json) => p.name)).toEqual(['Reklamacje VIP — pilne', 'Domyślna']);
  expect((await call('adminB', 'GET', '/api/v1/sla/policies')).body.items).toEqual([]);
  expect((await call('adminB', 'GET', path)).status).toBe(404);
  expect((await call('adminB', 'DELETE', path)).status).toBe(404);

  // A second default takes over from the first: one default per workspace.
  const replaced = await call('adminA', 'PUT', path, { ...complaints, isDefault: true, position: 5 });
  expect(replaced.status).toBe(200);
  expect(replaced.body).toMatchObject({ id: added.body.id, position: 5, isDefault: true });
  const defaults = (await call('adminA', 'GET', '/api/v1/sla/policies')).body.items.filter((p: Json) => p.isDefault);
  expect(defaults.map((p: Json) => p.id)).toEqual([added.body.id]);

  expect((await call('adminA', 'DELETE', path)).status).toBe(204);
  expect((await call('adminA', 'GET', path)).status).toBe(404);

  const audit = await call('adminA', 'GET', '/api/v1/audit?entityType=sla-policy');
  expect(audit.body.items.map((e: Json) => e.action)).toEqual([
    'sla-policy.delete',
    'sla-policy.update',
    'sla-policy.create',
    'sla-policy.create',
  ]);
  expect(audit.body.items[1]).toMatchObject({
    entity: { type: 'sla-policy', id: added.body.id, label: 'Reklamacje VIP — pilne' },
    before: { position: 10, isDefault: false },
    after: { position: 5, isDefault: true },
  });
});

it('answers bad policies with 400 naming each field, and stores nothing', async () => {
  const bad = await call('adminA', 'POST', '/api/v1/sla/policies', {
    name: '',
    match: { priorities: ['asap'], channels: ['fax'] },
    targets: { firstResponseMinutes: 0 },
    time: 'weekdays',
    colour: 'red',
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: Json) => e.field)).toEqual(
    expect.arrayContaining(['name', 'match.priorities.0', 'match.channels.0', 'targets.firstResponseMinutes', 'time', '(body)']),
  );
  const noTarget = await call('adminA', 'POST', '/api/v1/sla/policies', { name: 'Pusta', targets: {} });
  expect(noTarget.status).toBe(400);
  expect(noTarget.body.errors.map((e: Json) => e.field)).toEqual(['targets']);
  const names = (await call('adminA', 'GET', '/api/v1/sla/policies')).body.items.map((p: Json) => p.name);
  expect(names).not.toContain('Pusta');
});

it('keeps the workspace’s business calendar: Warsaw office hours until set, then the admin’s with exceptions', async () => {
  expect((await call('adminB', 'GET', '/api/v1/sla/calendar')).body).toEqual({
    timezone: 'Europe/Warsaw',
    open: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }],
    closedOnPolishHolidays: true,
    exceptions: [],
  });
  const calendar = {
    open: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }],
    exceptions: [
      { date: '2026-12-24', open: [{ from: '09:00', to: '12:00' }], name: 'Wigilia — krócej' },
      { date: '2026-11-13', name: 'Inwentaryzacja' },
    ],
  };
  const set = await call('adminB', 'PUT', '/api/v1/sla/calendar', calendar);
  expect(set.status).toBe(200);
  expect((await call('adminB', 'GET', '/api/v1/sla/calendar')).body).toEqual({
    timezone: 'Europe/Warsaw',
    closedOnPolishHolidays: true,
    open: calendar.open,
    exceptions: [
      { date: '2026-12-24', open: [{ from: '09:00', to: '12:00' }], name: 'Wigilia — krócej' },
      { date: '2026-11-13', open: [], name: 'Inwentaryzacja' },
    ],
  });
  const bad = await call('adminB', 'PUT', '/api/v1/sla/calendar', {
    timezone: 'Europe/Warszawa',
    exceptions: [{ date: '2026-02-30', open: [{ from: '12:00', to: '09:00' }] }],
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: Json) => e.field)).toEqual(
    expect.arrayContaining(['timezone', 'exceptions.0.date', 'exceptions.0.open.0']),
  );
  expect((await call('adminA', 'GET', '/api/v1/sla/calendar')).body.open[0].from).toBe('08:00');
});
