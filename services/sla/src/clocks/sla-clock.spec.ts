import { defaultBusinessCalendar } from '@threadline/business-calendar';
import {
  advance,
  dueTimers,
  endedTargets,
  fire,
  newClock,
  summarize,
  type ClockSettings,
  type ClockState,
  type PolicyTargets,
  type TicketChange,
  type Timing,
} from './sla-clock';

const MIN = 60_000;
const calendarTime: Timing = { time: 'calendar', calendar: defaultBusinessCalendar() };
const businessTime: Timing = { time: 'business', calendar: defaultBusinessCalendar() };
const settings: ClockSettings = { warningShare: 0.75, pausedStatuses: ['waiting_customer'] };
const normal: PolicyTargets = { firstResponse: 60 * MIN, nextResponse: 30 * MIN, resolution: 240 * MIN };
const urgent: PolicyTargets = { firstResponse: 20 * MIN, nextResponse: 10 * MIN, resolution: 120 * MIN };
const t0 = new Date('2026-12-01T09:00:00Z'); // Tuesday 10:00 in Warsaw
const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);

function run(steps: [number, TicketChange, PolicyTargets?][], timing = calendarTime): ClockState {
  return steps.reduce(
    (clock, [minute, change, targets]) =>
      advance(clock, change, at(minute), { before: timing, after: timing }, targets ?? normal, settings),
    newClock('new'),
  );
}

describe('SLA clock', () => {
  it('starts first response and resolution on opening, with warnings at 75%', () => {
    const clock = run([[0, { kind: 'opened', status: 'new' }]]);
    expect(dueTimers(clock)).toEqual([
      { target: 'firstResponse', kind: 'warning', cycle: 1, at: at(45) },
      { target: 'firstResponse', kind: 'breach', cycle: 1, at: at(60) },
      { target: 'resolution', kind: 'warning', cycle: 1, at: at(180) },
      { target: 'resolution', kind: 'breach', cycle: 1, at: at(240) },
    ]);
    expect(summarize(clock)).toEqual({ state: 'ok', dueAt: at(60) });
  });

  it('pauses while waiting for the customer and resumes where it stopped when they answer', () => {
    const clock = run([
      [0, { kind: 'opened', status: 'new' }],
      [10, { kind: 'agent-replied' }],
      [20, { kind: 'status', status: 'waiting_customer' }],
    ]);
    expect(summarize(clock)).toEqual({ state: 'paused', dueAt: null });
    expect(dueTimers(clock)).toEqual([]);
    // Two hours later the customer writes: 20 minutes of resolution were used, 220 remain; their message wants an answer in 30.
    const resumed = [{ kind: 'customer-wrote' } as const, { kind: 'status', status: 'open' } as const].reduce(
      (c, change) => advance(c, change, at(140), { before: calendarTime, after: calendarTime }, normal, settings),
      clock,
    );
    expect(resumed.targets.resolution).toMatchObject({ phase: 'running', consumedMs: 20 * MIN, dueAt: at(360) });
    expect(resumed.targets.nextResponse).toMatchObject({ phase: 'running', cycle: 1, dueAt: at(170) });
    expect(summarize(resumed)).toEqual({ state: 'ok', dueAt: at(170) });
  });

  it('counts business time: a ticket opened on Friday afternoon is due on Monday', () => {
    const friday = new Date('2026-12-04T14:30:00Z'); // 15:30 in Warsaw, half an hour before closing
    const clock = advance(
      newClock('new'),
      { kind: 'opened', status: 'new' },
      friday,
      { before: businessTime, after: businessTime },
      normal,
      settings,
    );
    expect(clock.targets.firstResponse?.dueAt).toEqual(new Date('2026-12-07T07:30:00Z')); // Mon 08:30
  });

  it('keeps the time used when a priority change switches the policy mid-way', () => {
    const clock = run([
      [0, { kind: 'opened', status: 'new' }],
      [15, { kind: 'status', status: 'open' }, urgent],
    ]);
    // 15 of the urgent 20 minutes are gone: due 5 minutes later, and the warning (at 15) is due now.
    expect(clock.targets.firstResponse).toMatchObject({
      targetMs: 20 * MIN,
      consumedMs: 15 * MIN,
      dueAt: at(20),
      warnAt: at(15),
    });
    expect(clock.targets.resolution?.dueAt).toEqual(at(120));
  });

  it('fires a warning and a breach once each, and a reply afterwards leaves the breach on record', () => {
    let clock = run([[0, { kind: 'opened', status: 'new' }]]);
    expect(fire(clock, { target: 'firstResponse', kind: 'breach', cycle: 1 }, at(59))).toBeNull();
    clock = fire(clock, { target: 'firstResponse', kind: 'warning', cycle: 1 }, at(45))!;
    expect(summarize(clock).state).toBe('at_risk');
    expect(fire(clock, { target: 'firstResponse', kind: 'warning', cycle: 1 }, at(46))).toBeNull();
    clock = fire(clock, { target: 'firstResponse', kind: 'breach', cycle: 1 }, at(60))!;
    expect(summarize(clock)).toEqual({ state: 'breached', dueAt: at(60) });
    expect(fire(clock, { target: 'firstResponse', kind: 'breach', cycle: 1 }, at(61))).toBeNull();
    clock = advance(clock, { kind: 'agent-replied' }, at(70), { before: calendarTime, after: calendarTime }, normal, settings);
    expect(clock.targets.firstResponse).toMatchObject({ phase: 'met', breached: true });
    expect(summarize(clock)).toEqual({ state: 'ok', dueAt: at(240) });
  });

  it('names the targets a change ended: met in time, met late after a breach, or stopped by a close', () => {
    const step = (clock: ClockState, change: TicketChange, minute: number) =>
      advance(clock, change, at(minute), { before: calendarTime, after: calendarTime }, normal, settings);
    const opened = run([[0, { kind: 'opened', status: 'new' }]]);
    expect(endedTargets(null, opened)).toEqual([]);
    const breached = fire(opened, { target: 'firstResponse', kind: 'breach', cycle: 1 }, at(60))!;
    const answeredLate = step(breached, { kind: 'agent-replied' }, 70);
    expect(endedTargets(breached, answeredLate)).toEqual([{ target: 'firstResponse', cycle: 1, outcome: 'met', breached: true }]);
    expect(endedTargets(opened, step(opened, { kind: 'agent-replied' }, 10))).toEqual([
      { target: 'firstResponse', cycle: 1, outcome: 'met', breached: false },
    ]);
    // Closed before any answer: resolution met, the first response no longer asked for.
    expect(endedTargets(opened, step(opened, { kind: 'status', status: 'closed' }, 30))).toEqual([
      { target: 'firstResponse', cycle: 1, outcome: 'stopped', breached: false },
      { target: 'resolution', cycle: 1, outcome: 'met', breached: false },
    ]);
  });

  it('does not breach a ticket closed just before its timer fires', () => {
    const clock = run([
      [0, { kind: 'opened', status: 'new' }],
      [59, { kind: 'status', status: 'closed' }],
    ]);
    expect(fire(clock, { target: 'firstResponse', kind: 'breach', cycle: 1 }, at(60))).toBeNull();
    expect(dueTimers(clock)).toEqual([]);
    expect(clock.targets.resolution?.phase).toBe('met');
  });

  it('resumes the resolution clock on reopen, not the response ones', () => {
    const clock = run([
      [0, { kind: 'opened', status: 'new' }],
      [30, { kind: 'agent-replied' }],
      [100, { kind: 'status', status: 'closed' }],
      [1000, { kind: 'status', status: 'open' }],
    ]);
    expect(clock.targets.resolution).toMatchObject({ phase: 'running', consumedMs: 100 * MIN, dueAt: at(1140) });
    expect(clock.targets.firstResponse?.phase).toBe('met');
  });

  it('starts a new next-response cycle for each customer message after an answer, not before', () => {
    const clock = run([
      [0, { kind: 'opened', status: 'new' }],
      [1, { kind: 'customer-wrote' }],
      [10, { kind: 'agent-replied' }],
      [20, { kind: 'customer-wrote' }],
      [25, { kind: 'customer-wrote' }],
    ]);
    expect(clock.targets.nextResponse).toMatchObject({ cycle: 1, dueAt: at(50) });
    const answered = run([
      [0, { kind: 'opened', status: 'new' }],
      [10, { kind: 'agent-replied' }],
      [20, { kind: 'customer-wrote' }],
      [30, { kind: 'agent-replied' }],
      [40, { kind: 'customer-wrote' }],
    ]);
    expect(answered.targets.nextResponse).toMatchObject({ cycle: 2, phase: 'running', dueAt: at(70) });
  });
});
