import type { RuleAction } from '@threadline/contracts';
import { applyFieldActions, type TicketFacts } from '../rule-engine/evaluate-rules';
import type { TicketsClient } from '../tickets/tickets-client';
import type { PresenceRepository, RoutingQueueRepository } from './assignment.repositories';
import { pickAssignee } from './pick-assignee';

export type AssigneeChoice = { agentId: string } | { failure: string };

const OPEN_STATUSES = 'new,open,waiting_customer,waiting_department';

/**
 * Picks the agent a queue gives a ticket to: its members that are present
 * now, by the queue's mode. Least-loaded counts each present member's
 * tickets that are not closed, asking the tickets service (which owns them)
 * — one list query per member, fine for a team's queue. Reading only:
 * `remember` moves the round-robin on once the ticket is really assigned.
 */
export class AssignFromQueue {
  constructor(private readonly deps: { queues: RoutingQueueRepository; presence: PresenceRepository; tickets: TicketsClient }) {}

  async choose(workspaceId: string, queueName: string | null, now = new Date()): Promise<AssigneeChoice> {
    if (!queueName) return { failure: 'zgłoszenie nie jest w żadnej kolejce' };
    const queue = await this.deps.queues.find(workspaceId, queueName);
    if (!queue) return { failure: `kolejka ${queueName} nie ma członków (PUT /api/v1/routing/queues/${queueName})` };
    const present = new Set<string>();
    for (const member of queue.members) {
      if (await this.deps.presence.isPresent(workspaceId, member, now)) present.add(member);
    }
    const loads = new Map<string, number>();
    if (queue.mode === 'least-loaded') {
      for (const member of present) loads.set(member, await this.openTicketsOf(workspaceId, member));
    }
    const agentId = pickAssignee({ ...queue, present, loads });
    return agentId ? { agentId } : { failure: `nikt z kolejki ${queueName} nie jest dostępny` };
  }

  /** A queue's members, present or not (a team to notify); null when the queue has none set. */
  async membersOf(workspaceId: string, queueName: string): Promise<string[] | null> {
    return (await this.deps.queues.find(workspaceId, queueName))?.members ?? null;
  }

  async remember(workspaceId: string, queueName: string, agentId: string): Promise<void> {
    await this.deps.queues.rememberAssigned(workspaceId, queueName, agentId);
  }

  private async openTicketsOf(workspaceId: string, agentId: string): Promise<number> {
    const query = new URLSearchParams({ assignee: agentId, status: OPEN_STATUSES, limit: '200' });
    const page = await this.deps.tickets.call<{ items: unknown[] }>(workspaceId, `tickets?${query.toString()}`);
    return page.items.length;
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
    const queue = action.queue ?? applyFieldActions(facts, resolved.actions).queue;
    const choice = await assign.choose(workspaceId, queue);
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
