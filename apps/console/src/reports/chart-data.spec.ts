import { breakdownsOf, chartOf } from './chart-data';

const volume = {
  contacts: 7,
  tickets: 4,
  by: {
    channel: [
      { value: 'email', contacts: 3, tickets: 2 },
      { value: 'sms', contacts: 4, tickets: 2 },
    ],
    agent: [{ value: 'ola', contacts: null, tickets: 3 }],
    queue: [],
  },
  hourOfWeek: [
    { weekday: 1, hour: 9, contacts: 2, tickets: 1 },
    { weekday: 1, hour: 10, contacts: 5, tickets: 3 },
  ],
};

describe('a report’s figures as charts', () => {
  it('each breakdown with points becomes one, the single numbers do not', () => {
    const breakdowns = breakdownsOf(volume);
    expect(breakdowns.map((b) => b.name)).toEqual(['channel', 'agent', 'hourOfWeek']);
    expect(breakdowns[0]).toEqual({
      name: 'channel',
      labels: ['email', 'sms'],
      series: [
        { name: 'contacts', values: [3, 4] },
        { name: 'tickets', values: [2, 2] },
      ],
    });
    // Agents are not counted in contacts: only their tickets are a series.
    expect(breakdowns[1].series).toEqual([{ name: 'tickets', values: [3] }]);
  });

  it('values compare as bars, hours make a line', () => {
    const [channel, , hours] = breakdownsOf(volume);
    expect(chartOf(channel).kind).toBe('bar');
    expect(chartOf(hours)).toMatchObject({ kind: 'line', labels: ['1 09:00', '1 10:00'] });
  });

  it('a report of single numbers has no chart', () => {
    expect(breakdownsOf({ closed: 4, reopened: 1, reopenRate: 0.25 })).toEqual([]);
  });
});
