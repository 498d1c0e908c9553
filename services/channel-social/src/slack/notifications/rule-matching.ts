import type { TicketState, TypedEnvelope } from '@threadline/contracts';
import type { NotificationRule, TicketFacts } from './notification-rules';

export type NotifyingEnvelope = TypedEnvelope<'ticket.created.v1'> | TypedEnvelope<'ticket.updated.v1'>;

/** Whether the ticket, in this state, has every fact the rule asks for. */
export function hasFacts(state: TicketState, facts: TicketFacts): boolean {
  return (
    (facts.category === undefined || state.category === facts.category) &&
    (facts.tag === undefined || state.tags.includes(facts.tag)) &&
    (facts.queue === undefined || state.queue === facts.queue) &&
    (facts.priority === undefined || state.priority === facts.priority) &&
    (facts.status === undefined || state.status === facts.status)
  );
}

/** The ticket as it was before this update: the state after it with each change's `from` put back. */
export function stateBefore(update: TypedEnvelope<'ticket.updated.v1'>['payload']): TicketState {
  const before: TicketState = { ...update.state, tags: [...update.state.tags] };
  const { changes } = update;
  if (changes.status) before.status = changes.status.from;
  if (changes.priority) before.priority = changes.priority.from;
  if (changes.queue) before.queue = changes.queue.from;
  if (changes.assigneeId) before.assigneeId = changes.assigneeId.from;
  if (changes.tags) before.tags = [...changes.tags.from];
  if (changes.category) before.category = changes.category.from;
  return before;
}

/**
 * The rules this event fires: those whose facts it made true. A new ticket
 * fires when it already has them; an update only when they did not all hold
 * before it — category becoming complaint fires, a later priority change on
 * the complaint does not.
 */
export function rulesFiredBy(rules: readonly NotificationRule[], event: NotifyingEnvelope): NotificationRule[] {
  return rules.filter((rule) => {
    if (rule.workspaceId !== event.workspaceId || !rule.when.events.includes(event.type)) return false;
    if (!hasFacts(event.payload.state, rule.when)) return false;
    if (event.type === 'ticket.created.v1') return true;
    return !hasFacts(stateBefore(event.payload), rule.when);
  });
}
