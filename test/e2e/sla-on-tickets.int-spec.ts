// What agents see of SLA: every ticket carries its due moment and SLA state,
// the list filters on it, the today view puts breached and at-risk tickets
// first, warnings and breaches are lines on the timeline, and a breach escalates
// as its policy says. Real: Kafka, the store, gateway, tickets and sla (its
// clock moved by the test).
import { TOPICS } from '@threadline/contracts';
import {
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  type Json,
  type RunningService,
  startService,
  testPublisher,
  waitFor,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { slaServiceWith } from '../../services/sla/src/app.module';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';
import { startTickets } from './started-services';

const MIN = 60_000;
const start = new Date();
const time = { current: new Date(start), now: () => new Date(time.current) };
const ws = newWorkspace('sklep');
const agents: Record<'admin', TestAgent> = { admin: { workspace: ws, email: 'admin@firma.test', role: 'admin' } };
const publisher = testPublisher('channel-email');
const running: RunningService[] = [];
let call: AgentCall<keyof typeof agents>;

beforeAll(async () => {
  await publisher.connect();
  const gatewayEnv = gatewayTestEnv();
  await seedAgents(gatewayEnv, Object.values(agents));
  const tickets = await startTickets();
  const sla = await startService(slaServiceWith(time), {
    ...commonTestEnv('sla'),
    SLA_CONSUMER_GROUP: await consumerGroupStartingNow('sla', [TOPICS.ticketEvents.name]),
    SLA_TIMER_POLL_MS: '100',
    SLA_POLICY_CACHE_MS: '0',
    SLA_ESCALATION_CONSUMER_GROUP: await consumerGroupStartingNow('sla-escalation', [TOPICS.slaEvents.name]),
    TICKETS_URL: tickets.internalUrl,
  });
  running.push(tickets, sla);
  running.push(await startService(gatewayService, { ...gatewayEnv, TICKETS_URL: tickets.internalUrl, SLA_URL: sla.internalUrl }));
  call = await logIn(running.at(-1)!.url, agents);
}, 120_000);

afterAll(async () => {
  await Promise.all(running.reverse().map((s) => s.close()));
  await publisher.disconnect();
});

const ticket = async (number: number) => (await call('admin', 'GET', `/api/v1/tickets/${number}`)).body;

it('shows each ticket’s due moment and state, filters breached ones, and puts them first today', async () => {
  const policy = await call('admin', 'POST', '/api/v1/sla/policies', {
    name: 'Szybka odpowiedź',
    isDefault: true,
    time: 'calendar',
    targets: { firstResponseMinutes: 4, resolutionMinutes: 600 },
  });
  expect(policy.status).toBe(201);
  for (const [name, address] of [
    ['Anna Kowalska', 'anna.kowalska@example.pl'],
    ['Jan Nowak', 'jan.nowak@example.pl'],
  ]) {
    const contact = buildEmailContact({
      from: [{ kind: 'email', value: address, displayName: name }],
      receivedAt: start.toISOString(),
    });
    await publisher.publish('contact.received.v1', { workspaceId: ws.id, key: address, payload: contact });
  }
  const opened: number[] = [];
  for (const number of [1, 2]) {
    const shown = await waitFor(
      `ticket #${number}'s SLA`,
      async () => {
        const t = await ticket(number);
        return t?.slaDueAt ? t : null;
      },
      { timeoutMs: 90_000 },
    );
    opened[number] = new Date(shown.createdAt).getTime();
    expect(shown).toMatchObject({ slaState: 'ok', slaDueAt: new Date(opened[number] + 4 * MIN).toISOString() });
  }

  // #2 is answered in time: its first response is met, resolution is what is due now.
  const reply = await call(
    'admin',
    'POST',
    '/api/v1/tickets/2/replies',
    { text: 'Dzień dobry, już sprawdzamy.' },
    { 'idempotency-key': 'r-2' },
  );
  expect(reply.status).toBeLessThan(300);
  await waitFor(
    '#2 due for resolution',
    async () => (await ticket(2)).slaDueAt === new Date(opened[2] + 600 * MIN).toISOString(),
  );

  time.current = new Date(Math.max(opened[1], opened[2]) + 5 * MIN);
  const breached = await waitFor('#1 breached', async () => {
    const t = await ticket(1);
    return t.slaState === 'breached' ? t : null;
  });
  const lines = breached.timeline.filter((e: Json) => e.action?.startsWith('sla.')).map((e: Json) => e.text);
  expect(lines).toEqual([
    expect.stringMatching(
      /^SLA: minęło 75% czasu na pierwszą odpowiedź, termin \d\d\.\d\d\.\d{4}, \d\d:\d\d \(polityka „Szybka odpowiedź”\)$/,
    ),
    expect.stringMatching(/^SLA przekroczone: termin na pierwszą odpowiedź minął .* \(polityka „Szybka odpowiedź”\)$/),
  ]);

  const filtered = await call('admin', 'GET', '/api/v1/tickets?sla=breached');
  expect(filtered.body.items.map((t: Json) => t.number)).toEqual([1]);
  const okOnes = await call('admin', 'GET', '/api/v1/tickets?sla=ok,at_risk');
  expect(okOnes.body.items.map((t: Json) => t.number)).toEqual([2]);
  expect((await call('admin', 'GET', '/api/v1/tickets?sla=late')).status).toBe(400);
  const today = await call('admin', 'GET', '/api/v1/tickets/today');
  expect(today.body.items.map((t: Json) => t.number)).toEqual([1, 2]);
  expect(today.body.items[0]).toMatchObject({ slaState: 'breached' });
}, 120_000);

it('escalates a breach as the policy says: priority raised, moved to the supervisors’ queue, tagged, a note telling the supervisor', async () => {
  const policies = await call('admin', 'GET', '/api/v1/sla/policies');
  const policy = policies.body.items.find((p: Json) => p.name === 'Szybka odpowiedź');
  const { id, createdAt: _c, updatedAt: _u, ...body } = policy;
  const escalation = {
    raisePriorityTo: 'urgent',
    moveToQueue: 'kierownicy',
    notifyAgents: ['kierownik-zmiany'],
    addTags: ['sla-eskalacja'],
    targets: ['firstResponse'],
  };
  expect((await call('admin', 'PUT', `/api/v1/sla/policies/${id as string}`, { ...body, escalation })).status).toBe(200);

  // The sla service's clock is ten minutes ahead: the new ticket's four minutes are over as it opens.
  time.current = new Date(Date.now() + 10 * MIN);
  const contact = buildEmailContact({
    from: [{ kind: 'email', value: 'zofia.wisniewska@example.pl', displayName: 'Zofia Wiśniewska' }],
    subject: 'Zamówienie nie dotarło — pilne',
    receivedAt: new Date().toISOString(),
  });
  await publisher.publish('contact.received.v1', { workspaceId: ws.id, key: 'zofia', payload: contact });
  const escalated = await waitFor(
    '#3 escalated',
    async () => {
      const t = await ticket(3);
      return t?.priority === 'urgent' && t.slaState === 'breached' && t.timeline.some((e: Json) => e.kind === 'note') ? t : null;
    },
    { timeoutMs: 90_000 },
  );
  expect(escalated).toMatchObject({ slaState: 'breached', queue: 'kierownicy', subject: 'Zamówienie nie dotarło — pilne' });
  expect(escalated.tags).toContain('sla-eskalacja');
  const note = escalated.timeline.find((e: Json) => e.kind === 'note');
  expect(note).toMatchObject({ authorId: 'sla', mentions: ['kierownik-zmiany'] });
  expect(note.text).toMatch(/^Eskalacja SLA: przekroczono cel „pierwsza odpowiedź” polityki „Szybka odpowiedź” \(termin .+\)\.$/);
  const change = escalated.timeline.find((e: Json) => e.kind === 'change' && e.changes?.priority);
  expect(change).toMatchObject({ authorId: 'sla', changes: { priority: { from: 'normal', to: 'urgent' } } });
}, 120_000);
