import { addBusinessTime, businessTimeBetween, type BusinessCalendar } from '@threadline/business-calendar';
import { SLA_TARGETS, type SlaState, type SlaTarget, type SlaTargetEnded, type TicketStatus } from '@threadline/contracts';

/**
 * A ticket's SLA clock as pure data and pure transitions: what the consumer
 * and the timer poller apply, and what unit tests drive without I/O.
 */
export type TargetPhase = 'running' | 'paused' | 'met' | 'stopped';

export interface TargetClock {
  phase: TargetPhase;
  /** Which run: the next-response target starts a new one after each customer message. */
  cycle: number;
  targetMs: number;
  /** Time counted up to `since` (business or calendar time, by the policy). */
  consumedMs: number;
  since: Date;
  /** When it is (or was) due; kept once breached so the ticket shows since when. */
  dueAt: Date | null;
  warnAt: Date | null;
  warned: boolean;
  breached: boolean;
}

export interface ClockState {
  status: TicketStatus;
  /** An agent has answered the customer (the next-response target runs from then on). */
  responded: boolean;
  targets: Partial<Record<SlaTarget, TargetClock>>;
}

/** How time is counted: the policy's choice, and the workspace's calendar for business time. */
export interface Timing {
  time: 'business' | 'calendar';
  calendar: BusinessCalendar;
}

export interface ClockSettings {
  /** Share of a target after which it warns (0.75 = at 75%). */
  warningShare: number;
  /** Statuses in which every clock stands still (waiting for the customer; optionally another department). */
  pausedStatuses: readonly TicketStatus[];
}

/** Targets in milliseconds; null: the policy has no such target. */
export type PolicyTargets = Record<SlaTarget, number | null>;

export type TicketChange =
  | { kind: 'opened'; status: TicketStatus }
  | { kind: 'agent-replied' }
  | { kind: 'customer-wrote' }
  | { kind: 'status'; status: TicketStatus }
  /** Nothing happened to the ticket: an admin changed the policies or the calendar, so the targets are put in again. */
  | { kind: 'rules-changed' };

export type TimerKind = 'warning' | 'breach';

export interface DueTimer {
  target: SlaTarget;
  kind: TimerKind;
  cycle: number;
  at: Date;
}

const elapsed = (timing: Timing, from: Date, to: Date): number =>
  timing.time === 'calendar' ? Math.max(0, to.getTime() - from.getTime()) : businessTimeBetween(timing.calendar, from, to);

const after = (timing: Timing, from: Date, ms: number): Date =>
  timing.time === 'calendar' ? new Date(from.getTime() + Math.max(0, ms)) : addBusinessTime(timing.calendar, from, ms);

const isActive = (t: TargetClock) => t.phase === 'running' || t.phase === 'paused';

export const newClock = (status: TicketStatus): ClockState => ({ status, responded: false, targets: {} });

/**
 * The clock after a ticket change at `at`: time counted so far is settled with
 * the timing in force until now, the change applied, the policy's targets
 * (perhaps another policy's, after a priority or queue change) put in, and due
 * moments computed afresh with the timing from now on.
 */
export function advance(
  clock: ClockState,
  change: TicketChange,
  at: Date,
  timings: { before: Timing; after: Timing },
  targets: PolicyTargets,
  settings: ClockSettings,
): ClockState {
  const next = settle(clock, timings.before, at);
  applyChange(next, change, at, targets, settings);
  applyTargets(next, targets, at);
  return schedule(next, timings.after, settings, at);
}

function settle(clock: ClockState, timing: Timing, at: Date): ClockState {
  const targets: ClockState['targets'] = {};
  for (const name of SLA_TARGETS) {
    const t = clock.targets[name];
    if (!t) continue;
    targets[name] =
      t.phase === 'running' && at > t.since
        ? { ...t, consumedMs: t.consumedMs + elapsed(timing, t.since, at), since: at }
        : { ...t, since: t.phase === 'running' ? t.since : at };
  }
  return { ...clock, targets };
}

function start(clock: ClockState, name: SlaTarget, targetMs: number | null, at: Date, settings: ClockSettings) {
  if (targetMs === null) return;
  const cycle = (clock.targets[name]?.cycle ?? 0) + 1;
  clock.targets[name] = {
    phase: settings.pausedStatuses.includes(clock.status) ? 'paused' : 'running',
    cycle,
    targetMs,
    consumedMs: 0,
    since: at,
    dueAt: null,
    warnAt: null,
    warned: false,
    breached: false,
  };
}

function setPhase(clock: ClockState, name: SlaTarget, from: TargetPhase[], to: TargetPhase) {
  const t = clock.targets[name];
  if (t && from.includes(t.phase)) clock.targets[name] = { ...t, phase: to };
}

function applyChange(clock: ClockState, change: TicketChange, at: Date, targets: PolicyTargets, settings: ClockSettings) {
  switch (change.kind) {
    case 'opened':
      clock.status = change.status;
      if (!clock.targets.firstResponse) start(clock, 'firstResponse', targets.firstResponse, at, settings);
      if (!clock.targets.resolution) start(clock, 'resolution', targets.resolution, at, settings);
      return;
    case 'agent-replied':
      clock.responded = true;
      setPhase(clock, 'firstResponse', ['running', 'paused'], 'met');
      setPhase(clock, 'nextResponse', ['running', 'paused'], 'met');
      return;
    case 'customer-wrote': {
      // Only after an answer: before it the first-response target is the one running. The first unanswered message counts.
      const next = clock.targets.nextResponse;
      if (clock.responded && clock.status !== 'closed' && !(next && isActive(next)))
        start(clock, 'nextResponse', targets.nextResponse, at, settings);
      return;
    }
    case 'status':
      changeStatus(clock, change.status, settings);
      return;
    case 'rules-changed':
      return;
  }
}

function changeStatus(clock: ClockState, status: TicketStatus, settings: ClockSettings) {
  const was = clock.status;
  clock.status = status;
  if (status === was) return;
  if (status === 'closed') {
    setPhase(clock, 'resolution', ['running', 'paused'], 'met');
    for (const name of SLA_TARGETS) setPhase(clock, name, ['running', 'paused'], 'stopped');
    return;
  }
  const paused = settings.pausedStatuses.includes(status);
  // A reopen resumes the resolution clock where it stopped (a breach that happened stays, and is not repeated).
  if (was === 'closed') setPhase(clock, 'resolution', ['met'], paused ? 'paused' : 'running');
  for (const name of SLA_TARGETS) {
    if (paused) setPhase(clock, name, ['running'], 'paused');
    else setPhase(clock, name, ['paused'], 'running');
  }
}

/** Another policy (or the same one changed) sets the target lengths; time already counted stays counted. */
function applyTargets(clock: ClockState, targets: PolicyTargets, at: Date) {
  for (const name of SLA_TARGETS) {
    const t = clock.targets[name];
    if (!t || !isActive(t)) continue;
    const targetMs = targets[name];
    clock.targets[name] = targetMs === null ? { ...t, phase: 'stopped', since: at } : { ...t, targetMs };
  }
}

function schedule(clock: ClockState, timing: Timing, settings: ClockSettings, at: Date): ClockState {
  for (const name of SLA_TARGETS) {
    const t = clock.targets[name];
    if (!t) continue;
    if (t.phase !== 'running') {
      clock.targets[name] = { ...t, dueAt: t.breached ? t.dueAt : null, warnAt: null };
      continue;
    }
    const dueAt = t.breached ? t.dueAt : after(timing, at, t.targetMs - t.consumedMs);
    const warnAt = t.warned ? null : after(timing, at, t.targetMs * settings.warningShare - t.consumedMs);
    clock.targets[name] = { ...t, dueAt, warnAt };
  }
  return clock;
}

/** The timers the clock wants: a warning and a breach per running target, until each has fired. */
export function dueTimers(clock: ClockState): DueTimer[] {
  const timers: DueTimer[] = [];
  for (const name of SLA_TARGETS) {
    const t = clock.targets[name];
    if (!t || t.phase !== 'running') continue;
    if (!t.warned && !t.breached && t.warnAt) timers.push({ target: name, kind: 'warning', cycle: t.cycle, at: t.warnAt });
    if (!t.breached && t.dueAt) timers.push({ target: name, kind: 'breach', cycle: t.cycle, at: t.dueAt });
  }
  return timers;
}

/**
 * A timer going off at `now`: the clock after it, or null when the timer is
 * stale — the target was met, paused, stopped, moved later or already fired
 * (so a ticket closed just before its timer fires has no breach).
 */
export function fire(clock: ClockState, timer: Omit<DueTimer, 'at'>, now: Date): ClockState | null {
  const t = clock.targets[timer.target];
  if (!t || t.phase !== 'running' || t.cycle !== timer.cycle) return null;
  if (timer.kind === 'warning') {
    if (t.warned || t.breached || !t.warnAt || t.warnAt > now) return null;
    return { ...clock, targets: { ...clock.targets, [timer.target]: { ...t, warned: true, warnAt: null } } };
  }
  if (t.breached || !t.dueAt || t.dueAt > now) return null;
  return { ...clock, targets: { ...clock.targets, [timer.target]: { ...t, breached: true, warned: true, warnAt: null } } };
}

/** The ticket's SLA as a whole, for the list: breached beats at risk beats paused beats ok. */
export function summarize(clock: ClockState): { state: SlaState; dueAt: Date | null } {
  const active = SLA_TARGETS.map((name) => clock.targets[name]).filter((t): t is TargetClock => !!t && isActive(t));
  const running = active.filter((t) => t.phase === 'running');
  const dueAt = running.reduce<Date | null>((min, t) => (t.dueAt && (!min || t.dueAt < min) ? t.dueAt : min), null);
  if (active.some((t) => t.breached)) return { state: 'breached', dueAt };
  if (running.length === 0 && active.length > 0) return { state: 'paused', dueAt: null };
  return { state: running.some((t) => t.warned) ? 'at_risk' : 'ok', dueAt };
}

/**
 * The targets whose run a change ended (running or paused before; met or
 * stopped after, in the same run): what `sla.clock-changed.v1` tells
 * reporting, which counts compliance per policy from it.
 */
export function endedTargets(before: ClockState | null, after: ClockState): SlaTargetEnded[] {
  const ended: SlaTargetEnded[] = [];
  for (const name of SLA_TARGETS) {
    const was = before?.targets[name];
    const now = after.targets[name];
    if (!was || !now || !isActive(was) || isActive(now) || now.cycle !== was.cycle) continue;
    ended.push({ target: name, cycle: now.cycle, outcome: now.phase === 'met' ? 'met' : 'stopped', breached: now.breached });
  }
  return ended;
}
