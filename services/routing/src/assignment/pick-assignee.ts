import type { RoutingQueueBody } from '@threadline/contracts';

export interface QueueCandidates {
  members: string[];
  mode: RoutingQueueBody['mode'];
  /** Members who may take this ticket now (present, skilled, below capacity: `fits`). */
  fitting: ReadonlySet<string>;
  /** Open tickets per agent (least-loaded and skills). */
  loads: ReadonlyMap<string, number>;
  /** Fitting members naming the ticket's category (skills). */
  specialists: ReadonlySet<string>;
  /** The member the queue gave its last ticket to (round-robin). */
  lastAssigned: string | null;
}

const leastLoaded = (among: string[], loads: ReadonlyMap<string, number>) =>
  among.reduce((best, m) => ((loads.get(m) ?? 0) < (loads.get(best) ?? 0) ? m : best));

/**
 * Which member of a queue gets the ticket: only fitting members count.
 * Round-robin takes the first fitting member after the last one given a
 * ticket (in the queue's order, wrapping around); least-loaded the fitting
 * member with the fewest open tickets, ties going to the earlier member;
 * skills the least loaded of the specialists in the ticket's category, else
 * of all fitting members. Null: nobody of the queue fits.
 */
export function pickAssignee(queue: QueueCandidates): string | null {
  const fitting = queue.members.filter((m) => queue.fitting.has(m));
  if (fitting.length === 0) return null;
  if (queue.mode === 'least-loaded') return leastLoaded(fitting, queue.loads);
  if (queue.mode === 'skills') {
    const specialists = fitting.filter((m) => queue.specialists.has(m));
    return leastLoaded(specialists.length > 0 ? specialists : fitting, queue.loads);
  }
  const last = queue.lastAssigned ? queue.members.indexOf(queue.lastAssigned) : -1;
  for (let step = 1; step <= queue.members.length; step++) {
    const member = queue.members[(last + step) % queue.members.length];
    if (queue.fitting.has(member)) return member;
  }
  return null;
}
