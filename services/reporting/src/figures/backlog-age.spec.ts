import { backlogAge } from './backlog-age';

describe('backlogAge', () => {
  it('puts open tickets in age bands by the local day they were opened, and names the oldest', () => {
    const age = backlogAge({ '2026-12-06': 2, '2026-12-05': 1, '2026-12-01': 1, '2026-11-01': 3, '2026-10-01': 0 }, '2026-12-06');
    expect(age.byAge).toEqual([
      { age: 'today', open: 2 },
      { age: '1-2 days', open: 1 },
      { age: '3-6 days', open: 1 },
      { age: '7-13 days', open: 0 },
      { age: '14-29 days', open: 0 },
      { age: '30+ days', open: 3 },
    ]);
    // Days whose tickets have all been closed count nothing, however old.
    expect(age.oldestOpenedOn).toBe('2026-11-01');
    expect(age.averageAgeDays).toBe(Math.round(((0 + 0 + 1 + 5 + 3 * 35) / 7) * 10) / 10);
  });

  it('has no oldest day and no average for an empty backlog', () => {
    expect(backlogAge({}, '2026-12-06')).toMatchObject({ oldestOpenedOn: null, averageAgeDays: null });
  });
});
