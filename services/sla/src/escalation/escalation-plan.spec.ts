import { slaEscalationSchema } from '@threadline/contracts';
import { escalationChange, escalationNote, type TicketNow } from './escalation-plan';

const ticket = (overrides: Partial<TicketNow> = {}): TicketNow => ({
  status: 'open',
  priority: 'normal',
  assigneeId: 'ola',
  queue: 'reklamacje',
  tags: ['faktura'],
  ...overrides,
});
const escalation = (body: object) => slaEscalationSchema.parse(body);

describe('escalationChange', () => {
  it('raises the priority, reassigns, moves and tags only where the ticket differs', () => {
    const e = escalation({
      raisePriorityTo: 'urgent',
      reassignTo: 'kierownik',
      moveToQueue: 'Kierownicy',
      addTags: ['SLA-Eskalacja', 'faktura'],
    });
    expect(escalationChange(e, ticket())).toEqual({
      priority: 'urgent',
      assigneeId: 'kierownik',
      queue: 'Kierownicy',
      tags: ['faktura', 'sla-eskalacja'],
    });
    expect(
      escalationChange(
        e,
        ticket({ priority: 'urgent', assigneeId: 'kierownik', queue: 'Kierownicy', tags: ['faktura', 'sla-eskalacja'] }),
      ),
    ).toEqual({});
  });

  it('never lowers a priority', () => {
    expect(escalationChange(escalation({ raisePriorityTo: 'high' }), ticket({ priority: 'urgent' }))).toEqual({});
  });
});

it('explains the escalation in Polish, with the due moment in the office’s time zone', () => {
  const text = escalationNote(
    { target: 'firstResponse', policyName: 'Klienci VIP', dueAt: '2026-11-11T09:30:00Z' },
    'Europe/Warsaw',
  );
  expect(text).toBe('Eskalacja SLA: przekroczono cel „pierwsza odpowiedź” polityki „Klienci VIP” (termin 11.11.2026, 10:30).');
});
