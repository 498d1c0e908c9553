import { dueMoment, stillWaiting, waitsStartedBy } from './time-trigger-moments';

describe('time rules', () => {
  it('counts business minutes only while the office is open, skipping weekends and Polish holidays', () => {
    // Wednesday 2026-12-23 15:30 in Warsaw: 30 minutes left that day; the 24th (Wigilia), 25th and 26th are
    // holidays, the 27th a Sunday — the next 30 come on Monday the 28th from 08:00.
    expect(dueMoment({ businessMinutes: 60 }, new Date('2026-12-23T14:30:00Z'), null)).toEqual(new Date('2026-12-28T07:30:00Z'));
    // Friday evening: the wait starts at Monday's opening.
    expect(dueMoment({ businessMinutes: 15 }, new Date('2026-12-04T19:00:00Z'), null)).toEqual(new Date('2026-12-07T07:15:00Z'));
  });

  it('counts plain minutes and days as elapsed time', () => {
    const since = new Date('2026-12-05T22:00:00Z');
    expect(dueMoment({ minutes: 45 }, since, null)).toEqual(new Date('2026-12-05T22:45:00Z'));
    expect(dueMoment({ days: 3 }, since, null)).toEqual(new Date('2026-12-08T22:00:00Z'));
  });

  it('starts the waits a ticket event begins', () => {
    expect(waitsStartedBy('created')).toEqual(['ticket.unanswered', 'ticket.unassigned']);
    expect(waitsStartedBy({ status: 'waiting_customer' })).toEqual(['ticket.waiting-customer']);
    expect(waitsStartedBy({ status: 'open' })).toEqual([]);
  });

  it("lets an answer, an assignee, the customer's reply or closing end the wait", () => {
    const ticket = { status: 'open' as const, assigneeId: null, firstResponseAt: null };
    expect(stillWaiting('ticket.unanswered', ticket)).toBe(true);
    expect(stillWaiting('ticket.unanswered', { ...ticket, firstResponseAt: '2026-12-05T10:00:00Z' })).toBe(false);
    expect(stillWaiting('ticket.unassigned', { ...ticket, assigneeId: 'ola' })).toBe(false);
    expect(stillWaiting('ticket.waiting-customer', ticket)).toBe(false);
    expect(stillWaiting('ticket.waiting-customer', { ...ticket, status: 'waiting_customer' })).toBe(true);
    expect(stillWaiting('ticket.unassigned', { ...ticket, status: 'closed' })).toBe(false);
  });
});
