import { recurringTickets, type CategoryLabel } from './recurring-problems';

const label = (ticketId: string, createdAt: string): CategoryLabel => ({
  workspaceId: 'ws',
  customerId: 'c-1',
  category: 'Reklamacja',
  ticketId,
  createdAt,
  createdBucket: { day: createdAt.slice(0, 10), month: createdAt.slice(0, 7), hour: 0, weekday: 1 },
});

describe('recurring problems', () => {
  it('marks a ticket whose customer had the same category at most 30 days before, whatever order they were seen in', () => {
    const labels = [
      label('t-3', '2026-12-20T10:00:00Z'),
      label('t-1', '2026-10-01T10:00:00Z'),
      label('t-2', '2026-10-31T10:00:00Z'), // exactly 30 days after t-1
      label('t-4', '2027-02-01T10:00:00Z'), // 43 days after t-3
    ];
    expect(recurringTickets(labels).map((l) => l.ticketId)).toEqual(['t-2']);
    expect(recurringTickets([...labels].reverse()).map((l) => l.ticketId)).toEqual(['t-2']);
  });

  it('orders tickets opened at the same moment by id, so a replay agrees', () => {
    const labels = [label('t-b', '2026-12-01T10:00:00Z'), label('t-a', '2026-12-01T10:00:00Z')];
    expect(recurringTickets(labels).map((l) => l.ticketId)).toEqual(['t-b']);
  });
});
