// An sla instance killed with SIGKILL while its timers are due (a real process, the
// real clock): the instance taking its partitions over fires every due timer, and
// each warning and breach goes out under one event id however far the killed one got.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  EventProbe,
  startService,
  testInfra,
  testPublisher,
  uniqueName,
  waitFor,
} from '@threadline/testing';
import { slaService } from '../src/app.module';
import { TimerPoller } from '../src/clocks/timer-poller';

const MIN = 60_000;
const workspaceId = uniqueName('ws-sla-kill');
const publisher = testPublisher('tickets');
const probe = new EventProbe(testInfra().kafkaBrokers.split(','));
let env: Record<string, string>;
let child: ChildProcess | null = null;
let numbers = 0;

beforeAll(async () => {
  await probe.start([TOPICS.slaEvents.name]);
  await publisher.connect();
  env = {
    ...commonTestEnv('sla'),
    SLA_CONSUMER_GROUP: await consumerGroupStartingNow('sla', [TOPICS.ticketEvents.name]),
    SLA_ESCALATION_CONSUMER_GROUP: uniqueName('sla-escalation'),
    SLA_TIMER_POLL_MS: '200',
    SLA_POLICY_CACHE_MS: '0',
  };
  // The policy goes in through an instance of our own, stopped before the one to kill starts.
  const admin = await startService(slaService, env);
  const created = await admin.internalApi(workspaceId, { id: 'admin-1', role: 'admin' }).fetch('sla/policies', {
    method: 'POST',
    body: { name: 'Godzina', isDefault: true, time: 'calendar', targets: { firstResponseMinutes: 60, resolutionMinutes: 600 } },
  });
  expect(created.status).toBe(201);
  await admin.close();
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await publisher.disconnect();
  await probe.stop();
});

/** A ticket opened so that its first response falls due `inMs` from now (its warning, at 75%, is due at once). */
async function ticketDueIn(inMs: number): Promise<string> {
  const ticketId = `t-${randomUUID()}`;
  await publisher.publish('ticket.created.v1', {
    workspaceId,
    key: ticketId,
    payload: {
      ticketId,
      number: ++numbers,
      version: 1,
      customerId: 'c-1',
      subject: 'Faktura — błędna kwota',
      channel: 'email',
      state: { status: 'new', priority: 'normal', queue: null, assigneeId: null, tags: [], category: null },
      createdAt: new Date(Date.now() + inMs - 60 * MIN).toISOString(),
    },
  });
  return ticketId;
}

type SlaEvent = TypedEnvelope<'sla.clock-changed.v1' | 'sla.warning.v1' | 'sla.breached.v1'>;
const eventsOf = (ticketId: string, type: string) =>
  (probe.events() as SlaEvent[]).filter((e) => e.payload.ticketId === ticketId && e.type === type);

it('fires the timers a killed instance held, once each, from the instance that takes over', async () => {
  child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  // The killed instance is at work once it starts a clock.
  const first = await ticketDueIn(60 * MIN);
  await waitFor('the instance to kill consuming', () => eventsOf(first, 'sla.clock-changed.v1')[0], { timeoutMs: 90_000 });

  const tickets = await Promise.all(Array.from({ length: 6 }, () => ticketDueIn(15_000)));
  for (const t of tickets)
    await waitFor('the clock started', () => eventsOf(t, 'sla.clock-changed.v1')[0], { timeoutMs: 30_000 });
  child.kill('SIGKILL');
  await new Promise((resolve) => child!.once('exit', resolve));

  const successor = await startService(slaService, env);
  try {
    for (const t of tickets) await waitFor('the breach', () => eventsOf(t, 'sla.breached.v1')[0], { timeoutMs: 120_000 });
    const poller = successor.app.get(TimerPoller);
    const rounds = poller.rounds + 2;
    await waitFor('two more timer rounds', () => poller.rounds >= rounds);
    for (const t of tickets) {
      // A timer fired again (the killed one sent the event but had not saved its clock) is the same event.
      expect(new Set(eventsOf(t, 'sla.warning.v1').map((e) => e.id)).size).toBe(1);
      expect(new Set(eventsOf(t, 'sla.breached.v1').map((e) => e.id)).size).toBe(1);
      expect(eventsOf(t, 'sla.breached.v1')[0].payload).toMatchObject({ target: 'firstResponse', policyName: 'Godzina' });
    }
  } finally {
    await successor.close();
  }
}, 240_000);
