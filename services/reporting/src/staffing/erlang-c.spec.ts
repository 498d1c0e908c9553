import { agentsNeeded, erlangC, serviceLevel } from './erlang-c';

describe('Erlang C', () => {
  // 10 Erlangs (200 calls an hour of 180 s): the published Erlang C table's probabilities of waiting.
  it.each([
    [11, 0.6821],
    [12, 0.4494],
    [13, 0.2853],
    [14, 0.1741],
    [15, 0.102],
  ])('with %i agents on 10 Erlangs, a caller waits with probability %f', (agents, probability) => {
    expect(erlangC(agents, 10)).toBeCloseTo(probability, 3);
  });

  it('gives the classic answer: 200 calls an hour of 3 minutes need 14 agents for 80 % within 20 s', () => {
    const target = { callsPerHour: 200, handleSeconds: 180, serviceLevel: 0.8, withinSeconds: 20 };
    expect(serviceLevel(13, target)).toBeCloseTo(0.7955, 3);
    expect(serviceLevel(14, target)).toBeCloseTo(0.8884, 3);
    expect(agentsNeeded(target)).toBe(14);
  });

  it('never answers fewer agents than the traffic, nor any for no calls', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(serviceLevel(5, { callsPerHour: 200, handleSeconds: 180, withinSeconds: 20 })).toBe(0);
    expect(agentsNeeded({ callsPerHour: 0, handleSeconds: 180, serviceLevel: 0.8, withinSeconds: 20 })).toBe(0);
    expect(agentsNeeded({ callsPerHour: 1, handleSeconds: 300, serviceLevel: 0.8, withinSeconds: 20 })).toBe(1);
  });

  it('needs more agents for a stricter target', () => {
    const base = { callsPerHour: 120, handleSeconds: 240, withinSeconds: 20 };
    expect(agentsNeeded({ ...base, serviceLevel: 0.95 })).toBeGreaterThan(agentsNeeded({ ...base, serviceLevel: 0.8 }));
  });
});
