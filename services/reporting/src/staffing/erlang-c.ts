/**
 * Erlang C: how many agents a queue needs. Calls arrive at random
 * (Poisson) at `callsPerHour`, each takes `handleSeconds`, callers wait in
 * one queue and nobody hangs up. Traffic A = calls per second × handle time
 * (in Erlangs); with N > A agents the chance a caller waits is Erlang C,
 * and the share answered within T seconds is 1 − C · e^(−(N−A)·T/handle).
 */
export interface StaffingTarget {
  callsPerHour: number;
  handleSeconds: number;
  /** e.g. 0.8 for "80 % answered within 20 s". */
  serviceLevel: number;
  withinSeconds: number;
}

/** Probability that a caller has to wait, with `agents` agents and `erlangs` of traffic (1 when the queue never clears). */
export function erlangC(agents: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  // Erlang B by its recursion (no factorials, no overflow), then C from B.
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (erlangs * b) / (n + erlangs * b);
  return (agents * b) / (agents - erlangs * (1 - b));
}

export function serviceLevel(agents: number, target: Omit<StaffingTarget, 'serviceLevel'>): number {
  const erlangs = (target.callsPerHour * target.handleSeconds) / 3600;
  if (erlangs <= 0) return 1;
  if (agents <= erlangs) return 0;
  return 1 - erlangC(agents, erlangs) * Math.exp((-(agents - erlangs) * target.withinSeconds) / target.handleSeconds);
}

/** The fewest agents that reach the service level (0 when no calls come). */
export function agentsNeeded(target: StaffingTarget): number {
  if (target.callsPerHour <= 0) return 0;
  const erlangs = (target.callsPerHour * target.handleSeconds) / 3600;
  let agents = Math.max(1, Math.floor(erlangs) + 1);
  while (serviceLevel(agents, target) < target.serviceLevel) agents++;
  return agents;
}
