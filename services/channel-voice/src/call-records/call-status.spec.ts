import { isTerminal, movesForward } from './call-status';

describe('call status as a one-way state machine', () => {
  it('moves forward only', () => {
    expect(movesForward('ringing', 'in-progress')).toBe(true);
    expect(movesForward('in-progress', 'completed')).toBe(true);
    expect(movesForward('completed', 'in-progress')).toBe(false);
    expect(movesForward('completed', 'completed')).toBe(false);
    expect(movesForward('completed', 'no-answer')).toBe(false);
    expect(movesForward('ringing', 'made-up')).toBe(false);
  });

  it('knows the terminal statuses', () => {
    expect(['completed', 'busy', 'no-answer', 'canceled', 'failed'].every(isTerminal)).toBe(true);
    expect(isTerminal('in-progress')).toBe(false);
  });
});
