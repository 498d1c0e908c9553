import { pickAssignee, type QueueCandidates } from './pick-assignee';

const queue = (overrides: Partial<QueueCandidates>): QueueCandidates => ({
  members: ['ola', 'piotr', 'ewa'],
  mode: 'round-robin',
  present: new Set(['ola', 'piotr', 'ewa']),
  loads: new Map(),
  lastAssigned: null,
  ...overrides,
});

describe('pickAssignee', () => {
  it('round-robin: the next present member after the last one, wrapping around', () => {
    expect(pickAssignee(queue({}))).toBe('ola');
    expect(pickAssignee(queue({ lastAssigned: 'ola' }))).toBe('piotr');
    expect(pickAssignee(queue({ lastAssigned: 'ewa' }))).toBe('ola');
    expect(pickAssignee(queue({ lastAssigned: 'ola', present: new Set(['ola', 'ewa']) }))).toBe('ewa');
    expect(pickAssignee(queue({ lastAssigned: 'ktoś-usunięty' }))).toBe('ola');
  });

  it('least-loaded: the present member with the fewest open tickets, ties to the earlier member', () => {
    const loads = new Map([
      ['ola', 3],
      ['piotr', 1],
      ['ewa', 1],
    ]);
    expect(pickAssignee(queue({ mode: 'least-loaded', loads }))).toBe('piotr');
    expect(pickAssignee(queue({ mode: 'least-loaded', loads, present: new Set(['ola', 'ewa']) }))).toBe('ewa');
  });

  it('gives nobody the ticket when no member is present', () => {
    expect(pickAssignee(queue({ present: new Set(['kasia']) }))).toBeNull();
    expect(pickAssignee(queue({ mode: 'least-loaded', present: new Set() }))).toBeNull();
  });
});
