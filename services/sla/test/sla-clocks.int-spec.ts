// SLA clocks on real Kafka and the store, with a clock the test moves by hand:
// ticket events (as the tickets service publishes them) move the clocks; the
// due timers fire as sla.warning.v1 / sla.breached.v1, once, also across a restart
// and with two instances sharing the partitions.
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  createEnvelope,
  TOPICS,
  validateEvent,
  type PayloadInputOf,
  type TicketState,
  type TypedEnvelope,
} from '@threadline/contracts';
import { keyPartition } from '@threadline/kafka';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  type RunningService,
  startService,
  testInfra,
  testPublisher,
  uniqueName,
  waitFor,
} from '@threadline/testing';
import { slaServiceWith } from '../src/app.module';
import { SeedClocks } from '../src/clocks/seed-clocks.usecase';
import { SlaClockRepository } from '../src/clocks/sla-clock.repository';
import { SlaTimerRepository } from '../src/clocks/sla-timer.repository';
import { TimerPoller } from '../src/clocks/timer-poller';
import { PolicyBook } from '../src/policies/policy-book';
import { SlaPolicyRepository } from '../src/policies/sla-policy.repository';
import { WorkspaceCalendarRepository } from '../src/policies/workspace-calendar.repository';

const MIN = 60_000;
/** The sla service's "now", moved by the test. */
const time = { current: new Date(Math.floor(Date.now() / MIN) * MIN), now: () => new Date(time.current) };
const T0 = new Date(time.current);
/** Each test starts its own minute 0 after the last one's: the poller's clock only ever moves forward. */
let base = 0;
const at = (minutes: number) => new Date(T0.getTime() + (base + minutes) * MIN);
const moveTo = (minutes: number) => (time.current = at(minutes));
beforeEach(() => {
  base = Math.ceil((time.current.getTime() - T0.getTime()) / MIN) + 5;
  moveTo(0);
});

const workspaceId = uniqueName('ws-sla');
const publisher = testPublisher('tickets');
const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
let env: Record<string, string>;
let sla: RunningService;
let numbers = 0;

const startSla = () => startService(slaServiceWith(time), env);

beforeAll(async () => {
  await probe.start([TOPICS.slaEvents.name]);
  await publisher.connect();
  env = {
    ...commonTestEnv('sla'),
    SLA_CONSUMER_GROUP: await consumerGroupStartingNow('sla', [TOPICS.ticketEvents.name]),
    SLA_TIMER_POLL_MS: '100',
    SLA_POLICY_CACHE_MS: '0',
  };
  sla = await startSla();
  const policy = (body: object) =>
    sla.internalApi(workspaceId, { id: 'admin-1', role: 'admin' }).fetch('sla/policies', { method: 'POST', body });
  // Calendar time keeps the arithmetic plain; business time is the calendar's unit tests' job.
  const calendarTime = { time: 'calendar' as const };
  expect(
    (
      await policy({
        name: 'Zwykła',
        isDefault: true,
        ...calendarTime,
        targets: { firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 90 },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await policy({
        name: 'Pilna',
        position: 1,
        match: { priorities: ['urgent'] },
        ...calendarTime,
        targets: { firstResponseMinutes: 20, nextResponseMinutes: 10, resolutionMinutes: 120 },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await policy({
        name: 'Klienci VIP',
        position: 2,
        match: { customerTiers: ['vip'] },
        ...calendarTime,
        targets: { firstResponseMinutes: 15, resolutionMinutes: 240 },
      })
    ).status,
  ).toBe(201);
}, 60_000);

afterAll(async () => {
  await sla?.close();
  await publisher.disconnect();
  await probe.stop();
});

const state = (overrides: Partial<TicketState> = {}): TicketState => ({
  status: 'new',
  priority: 'normal',
  queue: null,
  assigneeId: null,
  tags: [],
  category: null,
  ...overrides,
});

const created = (minute: number, customerTier: 'standard' | 'vip' | null = null) => ({
  customerId: 'c-1',
  subject: 'Reklamacja — żółta kurtka',
  channel: 'email' as const,
  state: state(),
  customerTier,
  createdAt: at(minute).toISOString(),
});

/** A ticket as the tickets service announces it, at a moment of the test's clock. */
async function openTicket(minute: number, customerTier: 'standard' | 'vip' | null = null, ws = workspaceId) {
  const ticket = { ticketId: `t-${randomUUID()}`, number: ++numbers };
  let version = 1;
  const send = <T extends 'ticket.created.v1' | 'ticket.updated.v1' | 'ticket.message-added.v1'>(type: T, payload: object) =>
    publisher.publish(type, {
      workspaceId: ws,
      key: ticket.ticketId,
      payload: { ...ticket, version, ...payload } as unknown as PayloadInputOf<T>,
    });
  await send('ticket.created.v1', created(minute, customerTier));
  return {
    ...ticket,
    change: (minute: number, after: Partial<TicketState>) =>
      send('ticket.updated.v1', {
        actor: { kind: 'agent', id: 'a-1' },
        changes: {},
        state: state(after),
        customerTier,
        at: at(minute).toISOString(),
      }).then(() => version++),
    message: (minute: number, direction: 'inbound' | 'outbound') =>
      send('ticket.message-added.v1', {
        messageId: randomUUID(),
        customerId: 'c-1',
        channel: 'email',
        direction,
        authorId: direction === 'outbound' ? 'a-1' : null,
        at: at(minute).toISOString(),
      }),
  };
}

type SlaEvent = TypedEnvelope<'sla.clock-changed.v1' | 'sla.warning.v1' | 'sla.breached.v1'>;
const slaEventsOf = (ticketId: string, type?: string) =>
  (probe.events() as SlaEvent[]).filter((e) => e.payload.ticketId === ticketId && (!type || e.type === type));
const latestSummary = (ticketId: string) => slaEventsOf(ticketId).at(-1)?.payload.summary;
const summaryBecomes = (ticketId: string, expected: object, what: string) =>
  waitFor(what, () => {
    const summary = latestSummary(ticketId);
    return summary && Object.entries(expected).every(([k, v]) => (summary as Record<string, unknown>)[k] === v) ? summary : null;
  });

it('pauses while the ticket waits for the customer and resumes when they answer', async () => {
  const ticket = await openTicket(0);
  await summaryBecomes(ticket.ticketId, { state: 'ok', dueAt: at(60).toISOString() }, 'the first-response due moment');
  moveTo(10);
  await ticket.message(10, 'outbound');
  moveTo(20);
  await ticket.change(20, { status: 'waiting_customer' });
  await summaryBecomes(ticket.ticketId, { state: 'paused', dueAt: null }, 'the clock paused');
  // The answer ended the first-response target in time (what reporting counts SLA compliance from); the pause ended nothing.
  const ended = slaEventsOf(ticket.ticketId, 'sla.clock-changed.v1').flatMap(
    (e) => (e as TypedEnvelope<'sla.clock-changed.v1'>).payload.ended,
  );
  expect(ended).toEqual([{ target: 'firstResponse', cycle: 1, outcome: 'met', breached: false }]);

  // A hundred minutes later — past the resolution target (90) had the clock run — the customer answers.
  moveTo(120);
  await ticket.message(120, 'inbound');
  await ticket.change(120, { status: 'open' });
  // 20 minutes of resolution were used before the pause (70 left); the customer's message wants an answer within 30.
  await summaryBecomes(ticket.ticketId, { state: 'ok', dueAt: at(150).toISOString() }, 'the clock running again');
  expect(slaEventsOf(ticket.ticketId, 'sla.breached.v1')).toEqual([]);

  moveTo(151);
  const breach = await waitFor('the next-response breach', () => slaEventsOf(ticket.ticketId, 'sla.breached.v1')[0]);
  expect(breach.payload).toMatchObject({ target: 'nextResponse', cycle: 1, dueAt: at(150).toISOString(), policyName: 'Zwykła' });
  expect(breach.payload.summary).toMatchObject({ state: 'breached' });
});

it('switches to another policy when the priority changes, keeping the time already used', async () => {
  const ticket = await openTicket(0);
  await summaryBecomes(ticket.ticketId, { dueAt: at(60).toISOString() }, 'the normal policy');
  moveTo(15);
  await ticket.change(15, { status: 'open', priority: 'urgent' });
  // 15 of the urgent policy's 20 minutes are gone; its warning (at 75% = 15 min) is due at once.
  const warning = await waitFor('the warning under the urgent policy', () => slaEventsOf(ticket.ticketId, 'sla.warning.v1')[0]);
  expect(warning.payload).toMatchObject({
    target: 'firstResponse',
    policyName: 'Pilna',
    share: 0.75,
    dueAt: at(20).toISOString(),
  });
  expect(warning.payload.summary).toMatchObject({ state: 'at_risk', dueAt: at(20).toISOString() });

  moveTo(21);
  const breach = await waitFor('the breach under the urgent policy', () => slaEventsOf(ticket.ticketId, 'sla.breached.v1')[0]);
  expect(breach.payload).toMatchObject({ target: 'firstResponse', policyName: 'Pilna', dueAt: at(20).toISOString() });
});

it('times a VIP customer’s ticket by the policy for their tier, also after a change', async () => {
  const vip = await openTicket(0, 'vip');
  const standard = await openTicket(0, 'standard');
  await summaryBecomes(vip.ticketId, { state: 'ok', dueAt: at(15).toISOString() }, 'the VIP policy’s due moment');
  await summaryBecomes(standard.ticketId, { state: 'ok', dueAt: at(60).toISOString() }, 'the default policy’s due moment');
  moveTo(5);
  await vip.change(5, { status: 'open' });
  await summaryBecomes(vip.ticketId, { dueAt: at(15).toISOString() }, 'the VIP policy kept');
  expect(slaEventsOf(vip.ticketId).at(-1)?.payload.policyName).toBe('Klienci VIP');
});

it('applies an edited policy to the open tickets at once, without a ticket event', async () => {
  const ws = uniqueName('ws-sla-edit');
  const api = sla.internalApi(ws, { id: 'admin-1', role: 'admin' });
  const body = {
    name: 'Standard',
    isDefault: true,
    time: 'calendar',
    targets: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  };
  const created = await api.fetch('sla/policies', { method: 'POST', body });
  expect(created.status).toBe(201);
  const ticket = await openTicket(0, null, ws);
  const closed = await openTicket(0, null, ws);
  await summaryBecomes(ticket.ticketId, { dueAt: at(60).toISOString() }, 'the first policy’s due moment');
  moveTo(10);
  await closed.change(10, { status: 'closed' });
  await summaryBecomes(closed.ticketId, { dueAt: null }, 'the closed ticket’s clock stopped');
  const closedEvents = slaEventsOf(closed.ticketId).length;

  moveTo(20);
  const id = (created.body as { id: string }).id;
  const edited = await api.fetch(`sla/policies/${id}`, {
    method: 'PUT',
    body: { ...body, targets: { firstResponseMinutes: 30, resolutionMinutes: 480 } },
  });
  expect(edited.status).toBe(200);
  // 20 of the 30 minutes are used: due at 30, its warning (22.5) not yet.
  await summaryBecomes(ticket.ticketId, { state: 'ok', dueAt: at(30).toISOString() }, 'the edited policy’s due moment');
  moveTo(31);
  const breach = await waitFor('the breach under the edited policy', () => slaEventsOf(ticket.ticketId, 'sla.breached.v1')[0]);
  expect(breach.payload).toMatchObject({ target: 'firstResponse', dueAt: at(30).toISOString() });
  expect(slaEventsOf(closed.ticketId)).toHaveLength(closedEvents);
});

it('does not breach a ticket closed just before its timer fires', async () => {
  const closed = await openTicket(0);
  const open = await openTicket(0);
  moveTo(59);
  await closed.change(59, { status: 'closed' });
  await summaryBecomes(closed.ticketId, { state: 'ok', dueAt: null }, 'the closed ticket’s clock stopped');

  moveTo(61);
  // The poller reads every partition's buckets each round: once the open one's breach is out, the closed one's was not due.
  await waitFor('the open ticket’s breach', () => slaEventsOf(open.ticketId, 'sla.breached.v1')[0]);
  await pollRounds(2);
  expect(slaEventsOf(closed.ticketId, 'sla.breached.v1')).toEqual([]);
  expect(slaEventsOf(closed.ticketId, 'sla.warning.v1')).toEqual([]);
  expect(await timersOf(closed.ticketId)).toEqual([]);
});

it('fires every timer that fell due while the service was down once, after a restart', async () => {
  const tickets = await Promise.all([0, 1, 2, 3, 4].map(() => openTicket(0)));
  for (const t of tickets) await summaryBecomes(t.ticketId, { dueAt: at(60).toISOString() }, `ticket ${t.number}'s clock`);
  await sla.close();

  moveTo(61); // the warnings (45) and breaches (60) of all five fell due while nobody was running
  sla = await startSla();
  for (const t of tickets) await waitFor(`ticket ${t.number}'s breach`, () => slaEventsOf(t.ticketId, 'sla.breached.v1')[0]);
  // What is left to fire is the resolution targets' warning and breach, nothing of the first response.
  await waitFor('the fired timers cleared', async () =>
    (await Promise.all(tickets.map((t) => timersOf(t.ticketId)))).every(
      (timers) => timers.map((timer) => timer.target).join() === 'resolution,resolution',
    ),
  );
  await pollRounds(2);
  for (const t of tickets) {
    expect(slaEventsOf(t.ticketId, 'sla.warning.v1')).toHaveLength(1);
    expect(slaEventsOf(t.ticketId, 'sla.breached.v1')).toHaveLength(1);
  }
}, 60_000);

it('shares the partitions between two instances, each due timer firing once', async () => {
  const second = await startSla();
  try {
    const pollers = [sla, second].map((s) => s.app.get(TimerPoller));
    await waitFor(
      'the six partitions split between the two instances',
      () => pollers.every((p) => p.partitions.length > 0) && new Set(pollers.flatMap((p) => p.partitions)).size === 6,
    );
    const tickets = await Promise.all(Array.from({ length: 12 }, () => openTicket(0)));
    for (const t of tickets) await summaryBecomes(t.ticketId, { dueAt: at(60).toISOString() }, `ticket ${t.number}'s clock`);
    const firedBefore = pollers.map((p) => p.firedCount);

    moveTo(61);
    for (const t of tickets) await waitFor(`ticket ${t.number}'s breach`, () => slaEventsOf(t.ticketId, 'sla.breached.v1')[0]);
    await pollRounds(2, sla);
    await pollRounds(2, second);
    for (const t of tickets) expect(slaEventsOf(t.ticketId, 'sla.breached.v1')).toHaveLength(1);
    // Each fired the timers of its own partitions (twelve tickets over six partitions: both hold some).
    expect(pollers.map((p, i) => p.firedCount > firedBefore[i])).toEqual([true, true]);
  } finally {
    await second.close();
  }
}, 90_000);

it('stores a bulk-seeded clock as the service stores it, in its key’s partition, and fires its breach once', async () => {
  const connection = await store();
  const seeder = new SeedClocks(
    new SlaClockRepository(connection),
    new SlaTimerRepository(connection),
    new PolicyBook(new SlaPolicyRepository(connection), new WorkspaceCalendarRepository(connection), 0),
    { warningShare: 0.75, pausedStatuses: ['waiting_customer'] },
  );
  const partitionOf = (ticketId: string) => keyPartition(TOPICS.ticketEvents.name, TOPICS.ticketEvents.partitions, ticketId);
  const piped = await openTicket(0);
  await summaryBecomes(piped.ticketId, { dueAt: at(60).toISOString() }, 'the clock started by the ticket event');
  const seeded = { ticketId: `t-${randomUUID()}`, number: piped.number, version: 1 };
  const event = validateEvent(
    createEnvelope({
      type: 'ticket.created.v1',
      version: 1,
      source: 'tickets',
      workspaceId,
      key: seeded.ticketId,
      payload: { ...seeded, ...created(0) },
    }),
  ) as TypedEnvelope<'ticket.created.v1'>;
  expect(await seeder.seed([event], partitionOf, time.now())).toEqual({ clocks: 1, timers: 4 });

  const clocks = connection.collection<{ _id: string }>('sla_clocks');
  const [viaEvent, viaSeed] = await Promise.all([piped.ticketId, seeded.ticketId].map((_id) => clocks.findOne({ _id })));
  // The consumer stored the piped ticket in the partition Kafka gave its key: the seeder's partition is Kafka's.
  expect(viaEvent!['partition' as never]).toBe(partitionOf(piped.ticketId));
  expect(viaSeed!['partition' as never]).toBe(partitionOf(seeded.ticketId));
  const comparable = (doc: object | null) => {
    const { _id, partition, appliedEventIds, timerIds, updatedAt, ...rest } = doc as Record<string, unknown>;
    void [_id, partition, appliedEventIds, updatedAt];
    return { ...rest, timers: (timerIds as string[]).map((id) => id.slice(id.indexOf(':'))) };
  };
  expect(comparable(viaSeed)).toEqual(comparable(viaEvent));
  const bucketsOf = async (ticketId: string) =>
    (await connection.collection('sla_timers').find({ ticketId }).sort({ _id: 1 }).toArray()).map((t) => [
      t.kind,
      t.target,
      t.dueAt,
      String(t.bucket).split(':')[1],
    ]);
  expect(await bucketsOf(seeded.ticketId)).toEqual(await bucketsOf(piped.ticketId));

  moveTo(61);
  await waitFor('the seeded ticket’s breach', () => slaEventsOf(seeded.ticketId, 'sla.breached.v1')[0]);
  await pollRounds(2);
  expect(slaEventsOf(seeded.ticketId, 'sla.breached.v1')).toHaveLength(1);
  expect(slaEventsOf(seeded.ticketId, 'sla.warning.v1')).toHaveLength(1);
}, 60_000);

/** The timers the store holds for a ticket. */
async function timersOf(ticketId: string): Promise<{ target: string; kind: string }[]> {
  const connection = await store();
  const timers = await connection.collection('sla_timers').find({ ticketId }).toArray();
  return timers.map((t) => ({ target: t.target as string, kind: t.kind as string }));
}

let connection: mongoose.Connection | null = null;
async function store(): Promise<mongoose.Connection> {
  connection ??= await mongoose.createConnection(env.MONGO_URL, { dbName: env.MONGO_DATABASE }).asPromise();
  return connection;
}
afterAll(() => connection?.close());

/** Resolves once the poller has finished `n` more whole rounds over its partitions (the last one began after this call). */
async function pollRounds(n: number, service = sla): Promise<void> {
  const poller = service.app.get(TimerPoller);
  const target = poller.rounds + n;
  await waitFor(`${n} more timer polls`, () => poller.rounds >= target);
}
