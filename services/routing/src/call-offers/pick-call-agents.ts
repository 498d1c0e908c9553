import { LANGUAGES, type Language } from '@threadline/contracts';
import { fits } from '../assignment/agent-fit';
import type { AgentProfile } from '../assignment/agent-profile.repository';

/** A queue member as a waiting call sees them. */
export interface PhoneAgentNow {
  agentId: string;
  /** Phone presence (voice.presence.v1); null: never said they take calls. */
  phone: { status: 'available' | 'away'; onCall: boolean; freeSince: Date | null } | null;
  /** Their own switch in routing (away: given nothing, whatever the phone says). */
  switchedAway: boolean;
  profile: AgentProfile | null;
}

export interface WaitingCallNeeds {
  language: string;
  /** Agents already offered this queue entry (declined or let it expire). */
  tried: ReadonlySet<string>;
}

const languageOf = (code: string): Language => ((LANGUAGES as readonly string[]).includes(code) ? (code as Language) : 'pl');

/** Free for a call: available for calls, on none, not switched away. */
const isFree = (agent: PhoneAgentNow): boolean =>
  agent.phone !== null && agent.phone.status === 'available' && !agent.phone.onCall && !agent.switchedAway;

/**
 * Whom to offer a waiting caller, best first: the queue's members who are free
 * for a call, speak the line's language, take calls (a `voice` capacity of 0
 * means never) and were not offered this entry yet — the longest idle first
 * (a caller waits for exactly one agent, so idle time is the fair turn), ties
 * in the queue's order.
 */
export function pickCallAgents(members: readonly PhoneAgentNow[], call: WaitingCallNeeds): string[] {
  const needs = { channel: 'voice' as const, language: languageOf(call.language), category: null };
  const fitting = members.filter(
    (agent) =>
      !call.tried.has(agent.agentId) &&
      isFree(agent) &&
      fits(needs, { present: true, profile: agent.profile, load: new Map([['voice', 0]]) }),
  );
  const idleSince = (agent: PhoneAgentNow) => agent.phone?.freeSince?.getTime() ?? 0;
  return fitting
    .map((agent, order) => ({ agent, order }))
    .sort((a, b) => idleSince(a.agent) - idleSince(b.agent) || a.order - b.order)
    .map(({ agent }) => agent.agentId);
}
