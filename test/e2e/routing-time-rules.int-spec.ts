// Time rules and SLA triggers end to end, with routing's clock moved by hand:
// a ticket nobody answered for 30 minutes is escalated once (the rule's name on
// its timeline, a person and a team notified), a ticket assigned in time is not, a ticket waiting for the
// customer for 3 hours is closed, and an SLA breach (sla.events.v1) runs the
// rules written for it. Real: Kafka, the store, tickets, routing.
import { TOPICS } from '@threadline/contracts';
import { DueTimerPoller } from '@threadline/persistence';
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
import { startRouting, startTickets } from './started-services';

const MIN = 60_000;
/**
 * Routing's "now", moved by the test (the tickets service keeps the real clock).
 * Each test starts its own routing (own store, own workspace) at the real time:
 * a clock moved by an earlier test would make a new ticket's waits already over.
 */
const time = { current: new Date(), now: () => new Date(time.current) };
const moveBy = (minutes: number) => (time.current = new Date(time.current.getTime() + minutes * MIN));

const admin = { id: 'admin-1', role: 'admin' as const };
const publisher = testPublisher('channel-voice');
const slaPublisher = testPublisher('sla');
let workspaceId: string;
let tickets: RunningService;
let routing: RunningService | undefined;
let routingGroup: string;
let phones = 0;

beforeAll(async () => {
  await publisher.connect();
  await slaPublisher.connect();
  tickets = await startTickets();
}, 120_000);

beforeEach(async () => {
  time.current = new Date();
  workspaceId = uniqueName('ws-time-rules');
  routingGroup = await consumerGroupStartingNow('routing', [TOPICS.ticketEvents.name]);
  const service = await startRouting(tickets, {
    time,
    group: routingGroup,
    env: { MONGO_DATABASE: uniqueName('routing_time'), ROUTING_TIMER_POLL_MS: '100' },
  });
  routing = service;
  phones = 0;
  const rule = async (body: object) => {
    const created = await service.internalApi(workspaceId, admin).fetch('routing/rules', { method: 'POST', body });
    expect(created.status).toBe(201);
  };
  const team = await service
    .internalApi(workspaceId, admin)
    .fetch('routing/queues/kierownicy', { method: 'PUT', body: { members: ['agent-ewa', 'agent-jan'] } });
  expect(team.status).toBe(200);
  await rule({
    name: 'Brak odpowiedzi 30 min',
    trigger: 'ticket.unanswered',
    after: { minutes: 30 },
    actions: [
      { type: 'set-priority', priority: 'urgent' },
      { type: 'add-tags', tags: ['eskalacja'] },
      { type: 'notify', text: 'Zgłoszenie {{number}} czeka na odpowiedź.', agents: ['agent-szef'], queues: ['kierownicy'] },
    ],
  });
  await rule({
    name: 'Nieprzypisane 10 min',
    trigger: 'ticket.unassigned',
    after: { minutes: 10 },
    actions: [{ type: 'add-tags', tags: ['nieprzypisane'] }],
  });
  await rule({
    name: 'Klient milczy',
    trigger: 'ticket.waiting-customer',
    // Days count the same way (the unit tests'); the poller reads every minute between, so the test moves by hours.
    after: { minutes: 180 },
    actions: [{ type: 'set-status', status: 'closed' }],
  });
  await rule({
    name: 'SLA przekroczone',
    trigger: 'sla.breached',
    actions: [{ type: 'add-tags', tags: ['sla-przekroczone'] }],
  });
}, 120_000);

afterEach(async () => {
  await routing?.close();
  routing = undefined;
});

afterAll(async () => {
  await tickets?.close();
  await publisher.disconnect();
  await slaPublisher.disconnect();
});

const ticketApi = () => tickets.internalApi(workspaceId, admin);
const ticket = async (number: number) => (await ticketApi().fetch(`tickets/${number}`)).body;
const ruleNotes = (detail: Json, name: string) =>
  (detail.timeline as Json[]).filter((e) => e.kind === 'note' && String(e.text).startsWith(`Reguła „${name}”`));

/** A customer's SMS opens a ticket; routing has seen its events (and set its timers) when this returns. */
async function newTicket(): Promise<Json> {
  const phone = `+4860100${String(++phones).padStart(4, '0')}`;
  const contact = buildContact('sms', [{ kind: 'phone', value: phone }], { text: 'Dzień dobry, gdzie jest moja paczka?' });
  await publisher.publish('contact.received.v1', { workspaceId, key: `phone:${phone}`, payload: contact });
  const created = await waitFor('the ticket', async () => {
    const list = (await ticketApi().fetch('tickets?sort=number')).body.items as Json[];
    return list.find((t) => t.channel === 'sms' && (t.number as number) === phones);
  });
  await waitForGroupToCatchUp(routingGroup, [TOPICS.ticketEvents.name]);
  return created;
}

/** Two whole rounds of routing's timer poller after now: whatever was due has been fired. */
async function timersPolled(): Promise<void> {
  const poller = routing!.app.get(DueTimerPoller);
  const after = poller.rounds + 2;
  await waitFor('two timer polls', () => poller.rounds >= after);
  await waitForGroupToCatchUp(routingGroup, [TOPICS.ticketEvents.name]);
}

it('escalates a ticket nobody answered after 30 minutes, once, and says so on its timeline', async () => {
  const { number } = await newTicket();
  moveBy(29);
  await timersPolled();
  expect(ruleNotes(await ticket(number), 'Brak odpowiedzi 30 min')).toEqual([]);

  moveBy(2);
  const escalated = await waitFor('the escalation', async () => {
    const detail = await ticket(number);
    return ruleNotes(detail, 'Brak odpowiedzi 30 min').length > 0 && detail;
  });
  expect(escalated).toMatchObject({ priority: 'urgent', tags: expect.arrayContaining(['eskalacja', 'nieprzypisane']) });
  expect(ruleNotes(escalated, 'Brak odpowiedzi 30 min')[0].text).toContain('brak odpowiedzi');
  // The person and the team are told by a note that mentions each of them.
  const notice = (escalated.timeline as Json[]).find(
    (e) => e.kind === 'note' && e.text === `Zgłoszenie ${number} czeka na odpowiedź.`,
  );
  expect(notice?.mentions).toEqual(['agent-szef', 'agent-ewa', 'agent-jan']);

  moveBy(60);
  await timersPolled();
  const later = await ticket(number);
  expect(ruleNotes(later, 'Brak odpowiedzi 30 min')).toHaveLength(1);
  expect(ruleNotes(later, 'Nieprzypisane 10 min')).toHaveLength(1);
}, 120_000);

it('lets a ticket assigned in time pass, and closes one whose customer stayed silent for 3 hours', async () => {
  const { number } = await newTicket();
  const assigned = await ticketApi().fetch(`tickets/${number}`, { method: 'PATCH', body: { assigneeId: 'agent-ola' } });
  expect(assigned.status).toBe(200);
  const waiting = await ticketApi().fetch(`tickets/${number}`, { method: 'PATCH', body: { status: 'waiting_customer' } });
  expect(waiting.status).toBe(200);
  await waitForGroupToCatchUp(routingGroup, [TOPICS.ticketEvents.name]);

  moveBy(15);
  await timersPolled();
  expect(ruleNotes(await ticket(number), 'Nieprzypisane 10 min')).toEqual([]);

  moveBy(180);
  const closed = await waitFor('the silent customer’s ticket closed', async () => {
    const detail = await ticket(number);
    return detail.status === 'closed' && ruleNotes(detail, 'Klient milczy').length > 0 && detail;
  });
  expect(ruleNotes(closed, 'Klient milczy')[0].text).toContain('oczekiwanie na klienta');
}, 120_000);

it('runs the rules written for an SLA breach', async () => {
  const { number, id } = await newTicket();
  const breachedAt = new Date().toISOString();
  await slaPublisher.publish('sla.breached.v1', {
    workspaceId,
    key: id as string,
    payload: {
      ticketId: id as string,
      number: number as number,
      policyId: 'p-1',
      policyName: 'Zwykła',
      summary: { state: 'breached', dueAt: breachedAt, revision: 3 },
      at: breachedAt,
      target: 'firstResponse',
      cycle: 1,
      dueAt: breachedAt,
    },
  });
  const tagged = await waitFor('the breach rule', async () => {
    const detail = await ticket(number);
    return ruleNotes(detail, 'SLA przekroczone').length > 0 && detail;
  });
  expect(tagged.tags).toContain('sla-przekroczone');
  expect(ruleNotes(tagged, 'SLA przekroczone')[0].text).toContain('przekroczenie SLA');
}, 120_000);
