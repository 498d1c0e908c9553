const HOUR_MS = 60 * 60 * 1000;
/** Meta's standard messaging window after the customer's last message. */
export const STANDARD_WINDOW_MS = 24 * HOUR_MS;
/** The HUMAN_AGENT tag lets a person answer for 7 days after it. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;

export const OUTSIDE_WINDOW_REASON = "outside Messenger's messaging window";

export type WindowDecision =
  | { ok: true; messagingType: 'RESPONSE' }
  | { ok: true; messagingType: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' }
  | { ok: false; reason: string };

/**
 * How a reply may go out under Meta's policy: within 24 h of the customer's
 * last message as a RESPONSE; within 7 days only tagged HUMAN_AGENT (an agent,
 * not automation, is answering — our replies come from agents); later not at all.
 */
export function messagingWindow(lastInboundAt: Date | null, now: Date): WindowDecision {
  if (!lastInboundAt) {
    return { ok: false, reason: `${OUTSIDE_WINDOW_REASON}: no Messenger message of the customer on this ticket to answer` };
  }
  const since = now.getTime() - lastInboundAt.getTime();
  if (since <= STANDARD_WINDOW_MS) return { ok: true, messagingType: 'RESPONSE' };
  if (since <= HUMAN_AGENT_WINDOW_MS) return { ok: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  const days = Math.floor(since / (24 * HOUR_MS));
  return { ok: false, reason: `${OUTSIDE_WINDOW_REASON}: the customer last wrote ${days} days ago (more than 7)` };
}
