/** Twilio's CallStatus values in the order a call goes through them; the terminal ones share the last rank. */
const RANK: Record<string, number> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  'in-progress': 3,
  completed: 4,
  busy: 4,
  'no-answer': 4,
  canceled: 4,
  failed: 4,
};

export const isTerminal = (status: string) => RANK[status] === 4;

/**
 * Whether a status callback moves the call forward. Callbacks come late,
 * twice, or out of order ("completed" before "in-progress"): a step back or
 * sideways changes nothing.
 */
export function movesForward(current: string, next: string): boolean {
  const from = RANK[current] ?? -1;
  const to = RANK[next];
  return to !== undefined && to > from;
}
