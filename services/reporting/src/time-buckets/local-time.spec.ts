import { daysBetween, hourOfWeek, localBucket, monthsOf } from './local-time';

const WARSAW = 'Europe/Warsaw';

describe('localBucket in Europe/Warsaw', () => {
  it('puts 23:30 UTC on a winter evening into the next local day, at midnight hour', () => {
    expect(localBucket('2026-01-14T23:30:00Z', WARSAW)).toEqual({ day: '2026-01-15', month: '2026-01', hour: 0, weekday: 4 });
  });

  it('puts the last evening of a month into the next month when Warsaw is already past midnight', () => {
    expect(localBucket('2026-07-31T22:15:00Z', WARSAW)).toMatchObject({ day: '2026-08-01', month: '2026-08', hour: 0 });
  });

  it('counts the spring-forward day (29 March 2026) with its 23 hours: 01:59 UTC+1 is followed by 03:00 UTC+2', () => {
    expect(localBucket('2026-03-29T00:59:00Z', WARSAW)).toMatchObject({ day: '2026-03-29', hour: 1, weekday: 7 });
    expect(localBucket('2026-03-29T01:00:00Z', WARSAW)).toMatchObject({ day: '2026-03-29', hour: 3 });
    const hours = new Set<number>();
    for (let t = Date.parse('2026-03-28T23:00:00Z'); t < Date.parse('2026-03-29T22:00:00Z'); t += 3_600_000) {
      const bucket = localBucket(new Date(t), WARSAW);
      expect(bucket.day).toBe('2026-03-29');
      hours.add(bucket.hour);
    }
    expect(hours.size).toBe(23);
    expect(hours.has(2)).toBe(false);
  });

  it('counts the fall-back day (25 October 2026) with its 25 hours, the repeated 02:00 hour twice in one local day', () => {
    const hoursSeen: number[] = [];
    for (let t = Date.parse('2026-10-24T22:00:00Z'); t < Date.parse('2026-10-25T23:00:00Z'); t += 3_600_000) {
      const bucket = localBucket(new Date(t), WARSAW);
      expect(bucket.day).toBe('2026-10-25');
      hoursSeen.push(bucket.hour);
    }
    expect(hoursSeen).toHaveLength(25);
    expect(hoursSeen.filter((h) => h === 2)).toHaveLength(2);
    expect(localBucket('2026-10-25T23:00:00Z', WARSAW).day).toBe('2026-10-26');
  });

  it('keys hours of the week by ISO weekday and local hour', () => {
    expect(hourOfWeek(localBucket('2026-12-07T08:05:00Z', WARSAW))).toBe('1-9');
    expect(hourOfWeek(localBucket('2026-12-06T22:59:00Z', WARSAW))).toBe('7-23');
  });

  it('finds each instant its own local hour where a UTC hour is two local hours (Kathmandu, UTC+05:45), asked twice', () => {
    for (let round = 0; round < 2; round++) {
      // 18:10 UTC is Monday 23:55 there, 18:20 UTC Tuesday 00:05: one UTC hour, two local days.
      expect(localBucket('2026-11-30T18:10:00Z', 'Asia/Kathmandu')).toEqual({
        day: '2026-11-30',
        month: '2026-11',
        hour: 23,
        weekday: 1,
      });
      expect(localBucket('2026-11-30T18:20:00Z', 'Asia/Kathmandu')).toEqual({
        day: '2026-12-01',
        month: '2026-12',
        hour: 0,
        weekday: 2,
      });
    }
  });

  it('follows another zone when the workspace has one', () => {
    expect(localBucket('2026-01-14T23:30:00Z', 'Europe/London')).toMatchObject({ day: '2026-01-14', hour: 23 });
  });
});

describe('period days', () => {
  it('lists every calendar day including both ends, across a DST change and a month end', () => {
    expect(daysBetween('2026-03-28', '2026-04-01')).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
    ]);
    expect(monthsOf(daysBetween('2026-03-28', '2026-04-01'))).toEqual(['2026-03', '2026-04']);
  });
});
