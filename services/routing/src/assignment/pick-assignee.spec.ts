import { pickAssignee, type QueueCandidates } from './pick-assignee';

const queue = (overrides: Partial<QueueCandidates>): QueueCandidates => ({
  members: ['ola', 'piotr', 'ewa'],
  mode: 'round-robin',
  fitting: new Set(['ola', 'piotr', 'ewa']),
  loads: new Map(),
  specialists: new Set(),
  lastAssigned: null,
  ...overrides,
});

describe('pickAssignee', () => {
  it('round-robin: the next fitting member after the last one, wrapping around', () => {
    expect(pickAssignee(queue({}))).toBe('ola');
    expect(pickAssignee(queue({ lastAssigned: 'ola' }))).toBe('piotr');
    expect(pickAssignee(queue({ lastAssigned: 'ewa' }))).toBe('ola');
    expect(pickAssignee(queue({ lastAssigned: 'ola', fitting: new Set(['ola', 'ewa']) }))).toBe('ewa');
    expect(pickAssignee(queue({ lastAssigned: 'ktoś-usunięty' }))).toBe('ola');
  });

  it('least-loaded: the fitting member with the fewest open tickets, ties to the earlier member', () => {
    const loads = new Map([
      ['ola', 3],
      ['piotr', 1],
      ['ewa', 1],
    ]);
    expect(pickAssignee(queue({ mode: 'least-loaded', loads }))).toBe('piotr');
    expect(pickAssignee(queue({ mode: 'least-loaded', loads, fitting: new Set(['ola', 'ewa']) }))).toBe('ewa');
  });

  it('skills: the least loaded specialist in the ticket’s category, else the least loaded of all', () => {
    const loads = new Map([
      ['ola', 4],
      ['piotr', 0],
      ['ewa', 2],
    ]);
    expect(pickAssignee(queue({ mode: 'skills', loads, specialists: new Set(['ola', 'ewa']) }))).toBe('ewa');
    expect(pickAssignee(queue({ mode: 'skills', loads }))).toBe('piotr');
    // A specialist who does not fit (away, full) is no specialist today.
    expect(
      pickAssignee(queue({ mode: 'skills', loads, fitting: new Set(['ola', 'piotr']), specialists: new Set(['ewa']) })),
    ).toBe('piotr');
  });

  it('gives nobody the ticket when no member fits', () => {
    expect(pickAssignee(queue({ fitting: new Set(['kasia']) }))).toBeNull();
    expect(pickAssignee(queue({ mode: 'least-loaded', fitting: new Set() }))).toBeNull();
    expect(pickAssignee(queue({ mode: 'skills', fitting: new Set() }))).toBeNull();
  });
});
