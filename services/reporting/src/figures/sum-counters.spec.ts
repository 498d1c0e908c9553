import { numberAt, share, sumCounters } from './sum-counters';

describe('sumCounters', () => {
  it('sums nested counters and keeps the largest maximum', () => {
    const total = sumCounters([
      { day: '2026-12-01', tickets: 2, firstResponse: { n: 1, sum: 60, max: 60, h: { '1': 1 } } },
      { day: '2026-12-02', tickets: 3, firstResponse: { n: 2, sum: 700, max: 600, h: { '1': 1, '4': 1 } } },
    ]);
    expect(total).toEqual({ tickets: 5, firstResponse: { n: 3, sum: 760, max: 600, h: { '1': 2, '4': 1 } } });
    expect(numberAt(total, 'firstResponse.h.1')).toBe(2);
    expect(numberAt(total, 'calls.offered')).toBe(0);
  });

  it('answers a share to four places, and none of nothing', () => {
    expect(share(2, 3)).toBe(0.6667);
    expect(share(0, 0)).toBeNull();
  });
});
