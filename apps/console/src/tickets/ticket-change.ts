import type { TicketChange, TicketSummary } from '../api/types';

/** The fields of the properties form, as the agent edits them (text inputs hold strings). */
export interface PropertiesForm {
  status: string;
  priority: string;
  queue: string;
  /** "" keeps the assignee, "me" takes the ticket, "none" hands it back, an agent's id gives it to them. */
  assignee: string;
  tags: string;
  category: string;
}

export const formOf = (ticket: TicketSummary): PropertiesForm => ({
  status: ticket.status,
  priority: ticket.priority,
  queue: ticket.queue ?? '',
  assignee: '',
  tags: ticket.tags.join(', '),
  category: ticket.category ?? '',
});

const parseTags = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  ),
];

const orNull = (text: string) => (text.trim() ? text.trim() : null);

/** Only the fields the agent changed against the ticket they saw: the PATCH body, or null when nothing changed. */
export function changeOf(seen: TicketSummary, form: PropertiesForm, myId: string): TicketChange | null {
  const change: TicketChange = {};
  if (form.status !== seen.status) change.status = form.status as TicketChange['status'];
  if (form.priority !== seen.priority) change.priority = form.priority as TicketChange['priority'];
  if (orNull(form.queue) !== seen.queue) change.queue = orNull(form.queue);
  if (orNull(form.category) !== seen.category) change.category = orNull(form.category);
  const tags = parseTags(form.tags);
  if (tags.join(',') !== seen.tags.join(',')) change.tags = tags;
  if (form.assignee === 'me' && seen.assigneeId !== myId) change.assigneeId = 'me';
  if (form.assignee === 'none' && seen.assigneeId !== null) change.assigneeId = null;
  const named = form.assignee !== '' && form.assignee !== 'me' && form.assignee !== 'none';
  if (named && seen.assigneeId !== form.assignee) change.assigneeId = form.assignee === myId ? 'me' : form.assignee;
  return Object.keys(change).length ? change : null;
}

export interface ConflictRow {
  field: keyof TicketChange;
  theirs: unknown;
  mine: unknown;
}

/**
 * After a 409: each field the agent wanted to change, what it is now (someone
 * else's change) beside the agent's value, so they choose which one stays.
 */
export function conflictRows(current: TicketSummary, mine: TicketChange): ConflictRow[] {
  return (Object.keys(mine) as (keyof TicketChange)[]).map((field) => ({
    field,
    theirs: current[field],
    mine: mine[field],
  }));
}

/** A field value as text for the screen (tags as a list, nothing as a dash). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return String(value);
}
