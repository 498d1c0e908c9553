import { daysBetween } from '../time-buckets/local-time';
import { splitMonths } from './report-query';

describe('splitMonths', () => {
  it('reads a month the period covers whole from its roll-up, the edges day by day', () => {
    expect(splitMonths(daysBetween('2025-01-15', '2025-04-02'))).toEqual({
      whole: ['2025-02', '2025-03'],
      partial: ['2025-01', '2025-04'],
    });
  });

  it('knows February of a leap year and a year of twelve whole months', () => {
    expect(splitMonths(daysBetween('2024-02-01', '2024-02-29'))).toEqual({ whole: ['2024-02'], partial: [] });
    expect(splitMonths(daysBetween('2023-02-01', '2023-02-27'))).toEqual({ whole: [], partial: ['2023-02'] });
    expect(splitMonths(daysBetween('2025-01-01', '2025-12-31')).whole).toHaveLength(12);
  });
});
