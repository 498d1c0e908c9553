import type { SlaState } from '@threadline/contracts';
import { ticketDraft } from '../tickets/ticket-draft';
import { PRIORITY_RANK, type TicketDoc, type TicketPriority } from '../tickets/ticket.schema';
import { orderForToday } from './today-view';

const now = new Date('2026-11-23T09:00:00+01:00');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

function ticket(
  number: number,
  priority: TicketPriority,
  waitingSince: Date,
  slaDueAt: Date | null = null,
  slaState: SlaState | null = null,
): TicketDoc {
  const base = ticketDraft({
    id: `t${number}`,
    workspaceId: 'ws',
    customerId: 'c',
    channel: 'email',
    subject: null,
    receivedAt: waitingSince,
    openedByEntryId: 'e',
    customerEpoch: 1,
  });
  return { ...base, number, priority, priorityRank: PRIORITY_RANK[priority], slaDueAt, slaState };
}

it('puts urgent and SLA-threatened tickets first, then priority, then the longest waiting', () => {
  const order = orderForToday(
    [
      ticket(1, 'normal', minutes(-300)),
      ticket(2, 'high', minutes(-10)),
      ticket(3, 'urgent', minutes(-5)),
      ticket(4, 'low', minutes(-20), minutes(30)), // SLA due in 30 minutes
      ticket(5, 'high', minutes(-60)),
      ticket(6, 'normal', minutes(-400), minutes(24 * 60)), // SLA far away: not threatened
      ticket(7, 'normal', minutes(-30), minutes(-5)), // SLA already breached
    ],
    now,
  );
  expect(order.map((t) => t.number)).toEqual([7, 4, 3, 5, 2, 6, 1]);
});

it('puts breached SLAs first, then those at risk, ahead of urgent tickets, each by due moment', () => {
  const order = orderForToday(
    [
      ticket(1, 'urgent', minutes(-5)),
      ticket(2, 'low', minutes(-20), minutes(200), 'at_risk'), // past the warning share, due in business hours later
      ticket(3, 'normal', minutes(-30), minutes(-10), 'breached'),
      ticket(4, 'high', minutes(-60), minutes(90), 'at_risk'),
      ticket(5, 'normal', minutes(-90), minutes(-40), 'breached'),
      ticket(6, 'high', minutes(-400), null, 'paused'), // waiting for the customer: not pressing
      ticket(7, 'normal', minutes(-10), minutes(45), 'ok'), // due within the hour: with urgent ones, sooner due first
    ],
    now,
  );
  expect(order.map((t) => t.number)).toEqual([5, 3, 4, 2, 7, 1, 6]);
});
