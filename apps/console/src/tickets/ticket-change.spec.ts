import type { TicketSummary } from '../api/types';
import { changeOf, conflictRows, formOf, showValue } from './ticket-change';

const ticket = (overrides: Partial<TicketSummary> = {}): TicketSummary => ({
  id: 't1',
  number: 7,
  version: 3,
  subject: 'Reklamacja',
  status: 'open',
  priority: 'normal',
  channel: 'email',
  replyChannel: 'email',
  queue: 'reklamacje',
  assigneeId: null,
  tags: ['vip'],
  category: null,
  recipient: 'bok@firma.test',
  customerId: 'c1',
  slaState: null,
  mergedInto: null,
  createdAt: '2026-12-06T08:00:00Z',
  updatedAt: '2026-12-06T08:00:00Z',
  customer: null,
  ...overrides,
});

describe('what the properties form sends', () => {
  it('sends nothing when the agent changed nothing', () => {
    expect(changeOf(ticket(), formOf(ticket()), 'me-id')).toBeNull();
  });

  it('gives the ticket to a named colleague, and not again to the one who has it', () => {
    expect(changeOf(ticket(), { ...formOf(ticket()), assignee: 'agent-ewa' }, 'me-id')).toEqual({ assigneeId: 'agent-ewa' });
    const hers = ticket({ assigneeId: 'agent-ewa' });
    expect(changeOf(hers, { ...formOf(hers), assignee: 'agent-ewa' }, 'me-id')).toBeNull();
  });

  it('sends only the changed fields, tags normalised and empty text as null', () => {
    const form = { ...formOf(ticket()), priority: 'urgent', tags: 'VIP, Zwrot ,vip', queue: ' ', assignee: 'me' };
    expect(changeOf(ticket(), form, 'me-id')).toEqual({
      priority: 'urgent',
      tags: ['vip', 'zwrot'],
      queue: null,
      assigneeId: 'me',
    });
  });

  it('does not take a ticket the agent already has', () => {
    expect(changeOf(ticket({ assigneeId: 'me-id' }), { ...formOf(ticket()), assignee: 'me' }, 'me-id')).toBeNull();
  });

  it('after a 409 shows, per field the agent changed, the current value beside theirs', () => {
    const current = ticket({ priority: 'high', version: 4 });
    expect(conflictRows(current, { priority: 'urgent' })).toEqual([{ field: 'priority', theirs: 'high', mine: 'urgent' }]);
    expect([showValue(null), showValue([]), showValue(['a', 'b'])]).toEqual(['—', '—', 'a, b']);
  });
});
