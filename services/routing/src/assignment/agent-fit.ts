import type { Channel, Language } from '@threadline/contracts';
import type { AgentProfile } from './agent-profile.repository';

/** What a ticket asks of the agent who takes it. */
export interface TicketNeeds {
  channel: Channel;
  language: Language;
  category: string | null;
}

export interface MemberNow {
  present: boolean;
  /** Null: the admin set nothing for this agent — any language, any category, no limit. */
  profile: AgentProfile | null;
  /** Open tickets the agent holds per channel. */
  load: ReadonlyMap<Channel, number>;
}

/**
 * Whether a member may take the ticket: present, answering in its language,
 * handling its category (an agent naming no categories handles all), and
 * below their capacity on its channel (a channel without a capacity: no limit).
 */
export function fits(needs: TicketNeeds, member: MemberNow): boolean {
  if (!member.present) return false;
  const { profile } = member;
  if (!profile) return true;
  if (!profile.languages.includes(needs.language)) return false;
  if (needs.category && profile.categories.length > 0 && !profile.categories.includes(needs.category)) return false;
  const capacity = profile.capacity[needs.channel];
  return capacity === undefined || (member.load.get(needs.channel) ?? 0) < capacity;
}

/** A member who names the ticket's category among theirs (the skills mode prefers them). */
export const isSpecialist = (needs: TicketNeeds, member: MemberNow): boolean =>
  needs.category !== null && (member.profile?.categories.includes(needs.category) ?? false);

/** All the member's open tickets, on every channel (least-loaded compares these). */
export const totalLoad = (member: MemberNow): number => [...member.load.values()].reduce((sum, n) => sum + n, 0);
