import type { RoutingQueueBody } from '@threadline/contracts';

export interface QueueCandidates {
  members: string[];
  mode: RoutingQueueBody['mode'];
  present: ReadonlySet<string>;
  /** Tickets not closed per agent (least-loaded only). */
  loads: ReadonlyMap<string, number>;
  /** The member the queue gave its last ticket to (round-robin). */
  lastAssigned: string | null;
}

/**
 * Which member of a queue gets the ticket: only present members count.
 * Round-robin takes the first present member after the last one given a
 * ticket (in the queue's order, wrapping around); least-loaded the present
 * member with the fewest tickets not closed, ties going to the earlier
 * member. Null: nobody of the queue is present.
 */
export function pickAssignee(queue: QueueCandidates): string | null {
  const present = queue.members.filter((m) => queue.present.has(m));
  if (present.length === 0) return null;
  if (queue.mode === 'least-loaded') {
    return present.reduce((best, m) => ((queue.loads.get(m) ?? 0) < (queue.loads.get(best) ?? 0) ? m : best));
  }
  const last = queue.lastAssigned ? queue.members.indexOf(queue.lastAssigned) : -1;
  for (let step = 1; step <= queue.members.length; step++) {
    const member = queue.members[(last + step) % queue.members.length];
    if (queue.present.has(member)) return member;
  }
  return null;
}
