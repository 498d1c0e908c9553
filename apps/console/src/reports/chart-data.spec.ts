import { chartOf, dimensionsOf } from './chart-data';

const volume = {
  columns: ['dimension', 'value', 'contacts', 'tickets'],
  rows: [
    ['total', '', 7, 4],
    ['channel', 'email', 3, 2],
    ['channel', 'sms', 4, 2],
    ['agent', 'ola', null, 3],
    ['hour_of_week', 'poniedziałek 09:00', 2, 1],
    ['hour_of_week', 'poniedziałek 10:00', 5, 3],
  ],
};

describe('a report table as a chart', () => {
  it('a breakdown becomes bars of its values, the total left out', () => {
    expect(dimensionsOf(volume)).toEqual(['channel', 'agent', 'hour_of_week']);
    expect(chartOf(volume)).toEqual({
      kind: 'bar',
      labels: ['email', 'sms'],
      series: [
        { name: 'contacts', values: [3, 4] },
        { name: 'tickets', values: [2, 2] },
      ],
    });
    expect(chartOf(volume, 'agent')?.series).toEqual([{ name: 'tickets', values: [3] }]);
  });

  it('hours make a line', () => {
    expect(chartOf(volume, 'hour_of_week')).toMatchObject({ kind: 'line', labels: ['poniedziałek 09:00', 'poniedziałek 10:00'] });
    const staffing = {
      columns: ['weekday', 'hour', 'agents_needed'],
      rows: [
        [1, 9, 2],
        [1, 10, 3],
      ],
    };
    expect(chartOf(staffing)?.kind).toBe('line');
  });

  it('one summary row, or nothing numeric: no chart (the table says it)', () => {
    expect(chartOf({ columns: ['closed', 'reopened', 'reopen_rate'], rows: [[4, 1, 0.25]] })).toBeNull();
    expect(chartOf({ columns: ['dimension', 'value', 'note'], rows: [['channel', 'email', 'dużo']] })).toBeNull();
  });
});
