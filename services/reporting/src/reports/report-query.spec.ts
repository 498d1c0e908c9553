import { daysBetween } from '../time-buckets/local-time';
import { ALL, combinationMatches, combinationOf } from '../projection/counter-delta';
import { reportQuerySchema, resolveQuery, splitMonths, splitYears } from './report-query';

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

describe('splitYears', () => {
  it('reads a year the period covers whole from its roll-up, and a year short of a day from its months', () => {
    expect(splitYears(splitMonths(daysBetween('2025-01-01', '2025-12-31')).whole)).toEqual({ years: ['2025'], months: [] });
    expect(splitYears(splitMonths(daysBetween('2025-01-01', '2025-12-30')).whole)).toEqual({
      years: [],
      months: [
        '2025-01',
        '2025-02',
        '2025-03',
        '2025-04',
        '2025-05',
        '2025-06',
        '2025-07',
        '2025-08',
        '2025-09',
        '2025-10',
        '2025-11',
      ],
    });
  });
});

describe('combined filters', () => {
  const parse = (q: Record<string, string>) => resolveQuery(reportQuerySchema(366, 'volume').parse(q), 'Europe/Warsaw');

  it('reads one filter by its own dimension and several by the combination of all of them', () => {
    expect(parse({ queue: 'zamówienia' }).filter).toEqual({ kind: 'queue', value: 'zamówienia' });
    const both = parse({ agent: 'ola', channel: 'sms' });
    expect(both.filter.kind).toBe('combination');
    expect(both.filters).toEqual([
      { kind: 'channel', value: 'sms' },
      { kind: 'agent', value: 'ola' },
    ]);
  });

  it('counts a figure for the filters when it belongs to every one of them', () => {
    const combination = combinationOf([ALL, { kind: 'channel', value: 'sms' }, { kind: 'agent', value: 'ola' }])!.value;
    expect(combinationMatches(combination, parse({ agent: 'ola', channel: 'sms' }).filters)).toBe(true);
    expect(combinationMatches(combination, parse({ agent: 'ola', channel: 'email' }).filters)).toBe(false);
    // A contact has no category: it is not a figure of one.
    expect(combinationMatches(combination, parse({ agent: 'ola', category: 'Zwrot' }).filters)).toBe(false);
  });

  it('names each malformed filter', () => {
    const parsed = reportQuerySchema(366, 'volume').safeParse({ channel: 'fax', tier: 'gold', queue: 'reklamacje' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path[0]).sort()).toEqual(['channel', 'tier']);
  });

  it('tells a malformed day only that it is malformed, and a day that does not exist that it does not', () => {
    const reasons = (q: Record<string, string>) =>
      reportQuerySchema(366, 'volume')
        .safeParse(q)
        .error!.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    expect(reasons({ from: 'x', to: '2026-12-01' })).toEqual(['from: must be a day YYYY-MM-DD']);
    expect(reasons({ from: '2026-02-30', to: '2026-03-01' })).toEqual(['from: no such day']);
  });
});
