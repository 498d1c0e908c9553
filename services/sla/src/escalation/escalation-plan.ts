import { TICKET_PRIORITIES, type SlaEscalation, type TicketPriority } from '@threadline/contracts';

/** The ticket as the escalation needs it (from the tickets service). */
export interface TicketNow {
  status: string;
  priority: TicketPriority;
  assigneeId: string | null;
  queue: string | null;
  tags: string[];
}

export interface TicketUpdate {
  priority?: TicketPriority;
  assigneeId?: string;
  queue?: string;
  tags?: string[];
}

/** The change an escalation asks of the ticket as it is now: only what differs; a priority is never lowered. */
export function escalationChange(escalation: SlaEscalation, ticket: TicketNow): TicketUpdate {
  const change: TicketUpdate = {};
  const rank = (p: TicketPriority) => TICKET_PRIORITIES.indexOf(p);
  if (escalation.raisePriorityTo && rank(escalation.raisePriorityTo) > rank(ticket.priority))
    change.priority = escalation.raisePriorityTo;
  if (escalation.reassignTo && escalation.reassignTo !== ticket.assigneeId) change.assigneeId = escalation.reassignTo;
  if (escalation.moveToQueue && escalation.moveToQueue !== ticket.queue) change.queue = escalation.moveToQueue;
  const missing = escalation.addTags.filter((t) => !ticket.tags.includes(t));
  if (missing.length) change.tags = [...ticket.tags, ...missing];
  return change;
}

const TARGET_NAMES = {
  firstResponse: 'pierwsza odpowiedź',
  nextResponse: 'kolejna odpowiedź',
  resolution: 'rozwiązanie',
} as const;

/** The internal note that explains the escalation on the timeline (and tells the mentioned agents). */
export function escalationNote(
  breach: { target: keyof typeof TARGET_NAMES; policyName: string; dueAt: string },
  timezone: string,
) {
  const due = new Intl.DateTimeFormat('pl-PL', { dateStyle: 'short', timeStyle: 'short', timeZone: timezone }).format(
    new Date(breach.dueAt),
  );
  return `Eskalacja SLA: przekroczono cel „${TARGET_NAMES[breach.target]}” polityki „${breach.policyName}” (termin ${due}).`;
}
