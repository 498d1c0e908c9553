import { guessLanguage, type Channel, type RuleAction } from '@threadline/contracts';
import { applyFieldActions, type TicketFacts } from '../rule-engine/evaluate-rules';
import type { AgentProfileRepository } from './agent-profile.repository';
import { fits, isSpecialist, totalLoad, type MemberNow, type TicketNeeds } from './agent-fit';
import type { PresenceRepository, RoutingQueue, RoutingQueueRepository } from './assignment.repositories';
import { pickAssignee } from './pick-assignee';
import type { TicketHoldRepository } from './ticket-holds.repository';
import type { WorkspaceCalendars } from './workspace-calendars';

const PENDING_MS = 60_000;

export type AssigneeChoice = { agentId: string } | { failure: string };

/** What the ticket asks of its agent: its channel, the language the customer wrote in, its category. */
export const needsOf = (facts: Pick<TicketFacts, 'channel' | 'subject' | 'text' | 'category'>): TicketNeeds => ({
  channel: facts.channel,
  language: guessLanguage(`${facts.subject ?? ''}\n${facts.text}`, 'pl'),
  category: facts.category,
});

export interface AssignFromQueueDeps {
  queues: RoutingQueueRepository;
  calendars: WorkspaceCalendars;
  presence: PresenceRepository;
  profiles: AgentProfileRepository;
  holds: TicketHoldRepository;
}

/**
 * Picks the agent a queue gives a ticket to: its members that fit the ticket
 * now (present, skilled, below capacity on its channel), by the queue's mode.
 * Loads are the open tickets each member holds, as assignment keeps them from
 * ticket events (point lookups per member, all at once: fine for a team's queue). Reading
 * only: `remember` moves the round-robin on once the ticket is really assigned.
 */
export class AssignFromQueue {
  /**
   * Tickets this instance gave an agent whose holds may not show it yet (the assignment's own event is still on
   * its way): counted in the agent's load until their hold names it, so a burst does not all go to one agent.
   */
  private readonly pending = new Map<string, Map<string, number>>();

  constructor(private readonly deps: AssignFromQueueDeps) {}

  async choose(workspaceId: string, queueName: string | null, needs: TicketNeeds, now = new Date()): Promise<AssigneeChoice> {
    if (!queueName) return { failure: 'zgłoszenie nie jest w żadnej kolejce' };
    const queue = await this.deps.queues.find(workspaceId, queueName);
    if (!queue) return { failure: `kolejka ${queueName} nie ma członków (PUT /api/v1/routing/queues/${queueName})` };
    if (!(await this.isOpen(workspaceId, queue, now))) return { failure: `kolejka ${queueName} poza godzinami pracy` };
    const fitting = new Set<string>();
    const specialists = new Set<string>();
    const loads = new Map<string, number>();
    // Every member's state at once: point lookups that wait on the store, not on each other.
    const members = await Promise.all(queue.members.map((agentId) => this.memberNow(workspaceId, agentId, now)));
    for (const [i, agentId] of queue.members.entries()) {
      const member = members[i];
      if (!fits(needs, member)) continue;
      fitting.add(agentId);
      loads.set(agentId, totalLoad(member));
      if (isSpecialist(needs, member)) specialists.add(agentId);
    }
    const agentId = pickAssignee({ ...queue, fitting, specialists, loads });
    return agentId ? { agentId } : { failure: `nikt z kolejki ${queueName} nie jest dostępny` };
  }

  /** Whether the queue gives out work now: always, or within the workspace's business calendar (`businessHoursOnly`). */
  async isOpen(workspaceId: string, queue: RoutingQueue, now: Date): Promise<boolean> {
    return !queue.businessHoursOnly || this.deps.calendars.isOpen(workspaceId, now);
  }

  /** A queue's members, present or not (a team to notify); null when the queue has none set. */
  async membersOf(workspaceId: string, queueName: string): Promise<string[] | null> {
    return (await this.deps.queues.find(workspaceId, queueName))?.members ?? null;
  }

  async remember(workspaceId: string, queueName: string, agentId: string): Promise<void> {
    await this.deps.queues.rememberAssigned(workspaceId, queueName, agentId);
  }

  /** The ticket was just given to the agent: in their load before its hold says so (a minute at most). */
  gave(workspaceId: string, agentId: string, ticketId: string, channel: Channel, now: Date): void {
    const key = `${workspaceId}:${agentId}`;
    const mine = this.pending.get(key) ?? new Map<string, number>();
    mine.set(`${channel}:${ticketId}`, now.getTime() + PENDING_MS);
    this.pending.set(key, mine);
  }

  /** An agent as assignment sees them now: present or not, what they take, their open tickets per channel. */
  async agentNow(workspaceId: string, agentId: string, now: Date): Promise<MemberNow> {
    const [present, profile, held] = await Promise.all([
      this.deps.presence.isPresent(workspaceId, agentId, now),
      this.deps.profiles.find(workspaceId, agentId),
      this.deps.holds.heldBy(workspaceId, agentId),
    ]);
    const load = new Map<Channel, number>();
    for (const hold of held) load.set(hold.channel, (load.get(hold.channel) ?? 0) + 1);
    const mine = this.pending.get(`${workspaceId}:${agentId}`);
    const seen = new Set(held.map((h) => `${h.channel}:${h.ticketId}`));
    for (const [ticket, until] of mine ?? []) {
      if (seen.has(ticket) || until < now.getTime()) mine!.delete(ticket);
      else {
        const channel = ticket.slice(0, ticket.indexOf(':')) as Channel;
        load.set(channel, (load.get(channel) ?? 0) + 1);
      }
    }
    return { present, profile, load };
  }

  /** Reads nothing more of a member who is not present (they cannot fit). */
  private async memberNow(workspaceId: string, agentId: string, now: Date): Promise<MemberNow> {
    const present = await this.deps.presence.isPresent(workspaceId, agentId, now);
    return present ? this.agentNow(workspaceId, agentId, now) : { present, profile: null, load: new Map() };
  }
}

export interface ResolvedActions {
  /** The rule's actions with each `assign` turned into the `set-assignee` it chose. */
  actions: RuleAction[];
  /** Timeline lines for assignments that found nobody. */
  failures: string[];
  picks: { queue: string; agentId: string }[];
}

/**
 * Turns a firing's `assign` actions into concrete assignees, the queue being the ticket's as the earlier actions
 * leave it, and the teams a `notify` names into their members.
 */
export async function resolveAssignments(
  assign: AssignFromQueue,
  workspaceId: string,
  actions: readonly RuleAction[],
  facts: TicketFacts,
): Promise<ResolvedActions> {
  const resolved: ResolvedActions = { actions: [], failures: [], picks: [] };
  for (const action of actions) {
    if (action.type === 'notify' && action.queues) {
      resolved.actions.push(await notifyMembers(assign, workspaceId, action, resolved.failures));
      continue;
    }
    if (action.type !== 'assign') {
      resolved.actions.push(action);
      continue;
    }
    const current = applyFieldActions(facts, resolved.actions);
    const queue = action.queue ?? current.queue;
    const choice = await assign.choose(workspaceId, queue, needsOf(current));
    if ('failure' in choice) {
      resolved.failures.push(`✗ przypisanie z kolejki: ${choice.failure}`);
      continue;
    }
    resolved.actions.push({ type: 'set-assignee', assigneeId: choice.agentId });
    if (queue) resolved.picks.push({ queue, agentId: choice.agentId });
  }
  return resolved;
}

type NotifyAction = Extract<RuleAction, { type: 'notify' }>;

/** A notify action with its teams replaced by their members; a queue without members is a failure line. */
async function notifyMembers(assign: AssignFromQueue, workspaceId: string, action: NotifyAction, failures: string[]) {
  const agents = new Set(action.agents ?? []);
  for (const queue of action.queues ?? []) {
    const members = await assign.membersOf(workspaceId, queue);
    if (members) members.forEach((m) => agents.add(m));
    else failures.push(`✗ powiadomienie: kolejka ${queue} nie ma członków`);
  }
  const { queues: _teams, ...rest } = action;
  return agents.size > 0 ? { ...rest, agents: [...agents] } : { ...rest, agents: undefined };
}
