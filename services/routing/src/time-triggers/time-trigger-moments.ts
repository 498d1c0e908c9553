import { addBusinessMinutes, defaultBusinessCalendar, type BusinessCalendar } from '@threadline/business-calendar';
import type { RuleDelay, TicketStatus, TimeTrigger } from '@threadline/contracts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const OFFICE = defaultBusinessCalendar();

/**
 * When a time rule is due: business minutes count only while the office is
 * open (by the rule's own business hours, else the default office week
 * without Polish holidays); minutes and days are plain elapsed time.
 */
export function dueMoment(after: RuleDelay, since: Date, calendar: BusinessCalendar | null): Date {
  if ('businessMinutes' in after) return addBusinessMinutes(calendar ?? OFFICE, since, after.businessMinutes);
  if ('minutes' in after) return new Date(since.getTime() + after.minutes * MINUTE_MS);
  return new Date(since.getTime() + after.days * DAY_MS);
}

/** What a ticket event starts waiting for: a new ticket its first answer and an assignee; a status its customer. */
export function waitsStartedBy(change: 'created' | { status: TicketStatus }): TimeTrigger[] {
  if (change === 'created') return ['ticket.unanswered', 'ticket.unassigned'];
  return change.status === 'waiting_customer' ? ['ticket.waiting-customer'] : [];
}

/** The ticket as the due timer finds it. */
export interface TicketNow {
  status: TicketStatus;
  assigneeId: string | null;
  firstResponseAt?: string | Date | null;
}

/** Whether what the rule waited for still holds when its time comes (an answer, an assignee or a reply ends it). */
export function stillWaiting(trigger: TimeTrigger, ticket: TicketNow): boolean {
  if (ticket.status === 'closed') return false;
  switch (trigger) {
    case 'ticket.unanswered':
      return !ticket.firstResponseAt;
    case 'ticket.unassigned':
      return ticket.assigneeId === null;
    case 'ticket.waiting-customer':
      return ticket.status === 'waiting_customer';
  }
}
