// Assignment end to end: a queue that assigns by itself gives each new ticket
// to the least loaded present member who speaks the customer's language and
// has room on its channel; an agent who goes away keeps their tickets for the
// grace period, then they go back to the queue and on to someone present.
// Real: Kafka, the store, tickets, routing (its clock moved by hand).
import { TOPICS } from '@threadline/contracts';
import type { DueTimerPoller } from '@threadline/persistence';
import {
  buildContact,
  consumerGroupStartingNow,
  type Json,
  type RunningService,
  testPublisher,
  uniqueName,
  waitFor,
  waitForGroupToCatchUp,
} from '@threadline/testing';
import { HANDBACK_POLLER } from '../../services/routing/src/assignment/assignment.module';
import { startRouting, startTickets } from './started-services';

const MIN = 60_000;
/** Routing's "now", moved by the test (the tickets service keeps the real clock). */
const time = { current: new Date(), now: () => new Date(time.current) };
const moveBy = (minutes: number) => (time.current = new Date(time.current.getTime() + minutes * MIN));

const admin = { id: 'admin-1', role: 'admin' as const };
const publisher = testPublisher('channel-voice');
const workspaceId = uniqueName('ws-assignment');
let tickets: RunningService;
let routing: RunningService;
let assignmentGroup: string;
let phones = 0;

beforeAll(async () => {
  await publisher.connect();
  tickets = await startTickets();
  assignmentGroup = await consumerGroupStartingNow('routing-assignment', [TOPICS.ticketEvents.name]);
  routing = await startRouting(tickets, {
    time,
    env: {
      ROUTING_ASSIGNMENT_CONSUMER_GROUP: assignmentGroup,
      ROUTING_HANDBACK_GRACE_MINUTES: '10',
      ROUTING_TIMER_POLL_MS: '100',
    },
  });
}, 180_000);

afterAll(async () => {
  await routing?.close();
  await tickets?.close();
  await publisher.disconnect();
});

const routingApi = (caller: { id: string; role: 'admin' | 'agent' } = admin) => routing.internalApi(workspaceId, caller);
const ticketApi = () => tickets.internalApi(workspaceId, admin);
const ticket = async (number: number): Promise<Json> => (await ticketApi().fetch(`tickets/${number}`)).body;

/** An agent's open tickets as assignment counts them. */
const loadOf = async (agentId: string): Promise<number> => {
  const { body } = await routingApi().fetch(`routing/agents/${agentId}`);
  return Object.values(body.load as Record<string, number>).reduce((sum, n) => sum + n, 0);
};

/** A customer's SMS opens a ticket; returns it once someone holds it and assignment counts it in their load. */
async function newTicket(text: string): Promise<Json> {
  const loads = new Map(await Promise.all(['ola', 'piotr', 'ewa'].map(async (a) => [a, await loadOf(a)] as const)));
  const phone = `+4860200${String(++phones).padStart(4, '0')}`;
  const contact = buildContact('sms', [{ kind: 'phone', value: phone }], { text });
  await publisher.publish('contact.received.v1', { workspaceId, key: `phone:${phone}`, payload: contact });
  const number = phones;
  const assigned = await waitFor(`ticket ${number} assigned`, async () => {
    const detail = await ticket(number);
    return detail?.assigneeId ? detail : null;
  });
  const holder = assigned.assigneeId as string;
  await waitFor(`${holder}'s load counting ticket ${number}`, async () => (await loadOf(holder)) > loads.get(holder)! || null);
  return assigned;
}

/** Two whole rounds of the hand-back poller after now: whatever was due has been fired. */
async function handBacksPolled(): Promise<void> {
  const poller = routing.app.get<DueTimerPoller<never>>(HANDBACK_POLLER);
  const after = poller.rounds + 2;
  await waitFor('two hand-back polls', () => poller.rounds >= after);
  await waitForGroupToCatchUp(assignmentGroup, [TOPICS.ticketEvents.name]);
}

it('refuses impossible skills and capacities, naming the field, and audits every change', async () => {
  const bad = await routingApi().fetch('routing/agents/ola', {
    method: 'PUT',
    body: { languages: ['de'], capacity: { fax: 2, chat: -1 } },
  });
  expect(bad.status).toBe(400);
  expect((bad.body.errors as Json[]).map((e) => e.field).sort()).toEqual(['capacity.chat', 'capacity.fax', 'languages.0']);
  const asAgent = await routingApi({ id: 'ola', role: 'agent' }).fetch('routing/agents/ola', {
    method: 'PUT',
    body: { capacity: { sms: 100 } },
  });
  expect(asAgent.status).toBe(403);

  const put = await routingApi().fetch('routing/agents/ola', { method: 'PUT', body: { capacity: { sms: 2, chat: 3 } } });
  expect(put.body).toEqual({ agentId: 'ola', languages: ['pl'], categories: [], capacity: { sms: 2, chat: 3 } });
  const audit = await routingApi().fetch('audit?entityType=routing-agent');
  expect(audit.body.items[0]).toMatchObject({
    action: 'routing.agent.update',
    actor: { id: 'admin-1' },
    entity: { id: 'ola' },
    after: { capacity: { sms: 2, chat: 3 } },
  });
});

it('gives new tickets to the least loaded fitting member, then hands an away agent’s tickets back after the grace period', async () => {
  // Ola: Polish, 2 SMS at most; Piotr: Polish, no limit; Ewa: English only.
  await routingApi().fetch('routing/agents/ola', { method: 'PUT', body: { languages: ['pl'], capacity: { sms: 2 } } });
  await routingApi().fetch('routing/agents/piotr', { method: 'PUT', body: { languages: ['pl'] } });
  await routingApi().fetch('routing/agents/ewa', { method: 'PUT', body: { languages: ['en'] } });
  const queue = await routingApi().fetch('routing/queues/sklep', {
    method: 'PUT',
    body: { members: ['ola', 'piotr', 'ewa'], mode: 'least-loaded', autoAssign: true },
  });
  expect(queue.body).toMatchObject({ mode: 'least-loaded', autoAssign: true });
  const rule = await routingApi().fetch('routing/rules', {
    method: 'POST',
    body: { name: 'Wszystko do sklepu', trigger: 'ticket.created', actions: [{ type: 'set-queue', queue: 'sklep' }] },
  });
  expect(rule.status).toBe(201);
  for (const agent of ['ola', 'piotr', 'ewa']) {
    const switched = await routingApi({ id: agent, role: 'agent' }).fetch('routing/presence', {
      method: 'PUT',
      body: { status: 'available' },
    });
    expect(switched.status).toBe(200);
  }

  const polish = 'Dzień dobry, gdzie jest moja paczka?';
  // Loads 0/0 → Ola (ties go to the earlier member); 1/0 → Piotr; 1/1 → Ola; Ola full at 2 SMS → Piotr.
  expect((await newTicket(polish)).assigneeId).toBe('ola');
  expect((await newTicket(polish)).assigneeId).toBe('piotr');
  expect((await newTicket(polish)).assigneeId).toBe('ola');
  expect((await newTicket(polish)).assigneeId).toBe('piotr');
  // English: only Ewa speaks it, though she is not the least loaded member of all.
  expect((await newTicket('Hello, I would like to know where my order is.')).assigneeId).toBe('ewa');

  // Ola goes away: within the grace period her tickets stay hers.
  await routingApi({ id: 'ola', role: 'agent' }).fetch('routing/presence', { method: 'PUT', body: { status: 'away' } });
  moveBy(9);
  await handBacksPolled();
  expect((await ticket(1)).assigneeId).toBe('ola');
  expect((await ticket(3)).assigneeId).toBe('ola');

  // Past it, both go back to the queue and on to Piotr, the only one present who speaks Polish; the reason is on the timeline.
  moveBy(2);
  for (const number of [1, 3]) {
    const detail = await waitFor(`ticket ${number} handed on`, async () => {
      await handBacksPolled();
      const now = await ticket(number);
      return now.assigneeId === 'piotr' ? now : null;
    });
    const notes = (detail.timeline as Json[]).filter((e) => e.kind === 'note').map((e) => String(e.text));
    expect(notes).toContain('Zgłoszenie wróciło do kolejki po 10 min nieobecności: ola.');
  }
  const ola = await waitFor('Ola holding nothing', async () => {
    const { body } = await routingApi().fetch('routing/agents/ola');
    return Object.keys(body.load as object).length === 0 ? body : null;
  });
  expect(ola).toEqual({
    agentId: 'ola',
    present: false,
    profile: { agentId: 'ola', languages: ['pl'], categories: [], capacity: { sms: 2 } },
    load: {},
  });
  // Piotr's and Ewa's tickets stay where they were.
  expect((await ticket(2)).assigneeId).toBe('piotr');
  expect((await ticket(5)).assigneeId).toBe('ewa');
});
