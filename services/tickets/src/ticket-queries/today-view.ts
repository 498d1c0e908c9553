import type { SlaState } from '@threadline/contracts';
import type { TicketDoc } from '../tickets/ticket.schema';

/** An SLA due within this is "threatened" and goes to the top with urgent tickets. */
export const SLA_THREAT_WINDOW_MS = 60 * 60 * 1000;

/** Breached before at risk (past the warning share) before urgent or due within the hour. */
const SLA_RANK: Partial<Record<SlaState, number>> = { breached: 3, at_risk: 2 };

/**
 * The order of the "today" view: what needs action first. Breached SLAs,
 * then SLAs at risk, then urgent tickets and those due within the hour (or
 * overdue) — each of these by due moment — then by priority, then the
 * longest-waiting first.
 */
export function orderForToday(tickets: TicketDoc[], now: Date): TicketDoc[] {
  const pressing = (t: TicketDoc) =>
    (t.slaState && SLA_RANK[t.slaState]) ||
    (t.priority === 'urgent' || (t.slaDueAt !== null && t.slaDueAt.getTime() - now.getTime() <= SLA_THREAT_WINDOW_MS) ? 1 : 0);
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
