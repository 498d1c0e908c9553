import type { TicketDoc } from '../tickets/ticket.schema';

/** An SLA due within this is "threatened" and goes to the top with urgent tickets. */
export const SLA_THREAT_WINDOW_MS = 60 * 60 * 1000;

/**
 * The order of the "today" view: what needs action first. Urgent tickets and
 * those whose SLA is due within the hour (or overdue) on top, then by
 * priority, then the longest-waiting first.
 */
export function orderForToday(tickets: TicketDoc[], now: Date): TicketDoc[] {
  const pressing = (t: TicketDoc) =>
    t.priority === 'urgent' || (t.slaDueAt !== null && t.slaDueAt.getTime() - now.getTime() <= SLA_THREAT_WINDOW_MS) ? 1 : 0;
  const due = (t: TicketDoc) => t.slaDueAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  return [...tickets].sort(
    (a, b) =>
      pressing(b) - pressing(a) ||
      (pressing(a) ? due(a) - due(b) : 0) ||
      b.priorityRank - a.priorityRank ||
      a.lastContactAt.getTime() - b.lastContactAt.getTime() ||
      a.number - b.number,
  );
}
