import type { AnyEvent } from '@threadline/contracts';
import { noticesOf } from './notices-of-event';

const envelope = (type: string, payload: Record<string, unknown>) =>
  ({ id: 'e1', type, workspaceId: 'ws', occurredAt: '2026-12-06T10:00:00Z', payload }) as unknown as AnyEvent;
const at = '2026-12-06T10:00:00.000Z';

describe('whom a ticket event concerns personally', () => {
  it('tells the agent a ticket was given to, unless they took it themselves', () => {
    const given = envelope('ticket.updated.v1', {
      number: 7,
      at,
      actor: { kind: 'agent', id: 'kierownik' },
      changes: { assigneeId: { from: null, to: 'ola' } },
    });
    expect(noticesOf(given)).toEqual([{ agentId: 'ola', kind: 'assigned', number: 7, at }]);
    const taken = envelope('ticket.updated.v1', {
      number: 7,
      at,
      actor: { kind: 'agent', id: 'ola' },
      changes: { assigneeId: { from: null, to: 'ola' } },
    });
    expect(noticesOf(taken)).toEqual([]);
  });

  it('tells nobody when a ticket is handed back or something else changed', () => {
    const back = envelope('ticket.updated.v1', {
      number: 7,
      at,
      actor: { kind: 'agent', id: 'k' },
      changes: { assigneeId: { from: 'ola', to: null } },
    });
    const priority = envelope('ticket.updated.v1', {
      number: 7,
      at,
      actor: { kind: 'agent', id: 'k' },
      changes: { priority: { from: 'normal', to: 'high' } },
    });
    expect([...noticesOf(back), ...noticesOf(priority)]).toEqual([]);
  });

  it('tells each agent a note names once, never its author', () => {
    const note = envelope('ticket.note-added.v1', { number: 9, at, authorId: 'ola', mentions: ['ewa', 'ola', 'ewa', 'jan'] });
    expect(noticesOf(note)).toEqual([
      { agentId: 'ewa', kind: 'mentioned', number: 9, at },
      { agentId: 'jan', kind: 'mentioned', number: 9, at },
    ]);
    expect(noticesOf(envelope('ticket.created.v1', { number: 9 }))).toEqual([]);
  });
});
