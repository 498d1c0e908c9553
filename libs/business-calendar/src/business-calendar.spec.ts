import {
  addBusinessMinutes,
  businessMinutesBetween,
  defaultBusinessCalendar,
  isOpenAt,
  openStateAt,
  type BusinessCalendar,
} from './business-calendar';
import { polishHolidayOn, polishHolidays } from './polish-holidays';

/** Mon–Fri 08:00–16:00 and Saturday 09:00–13:00 in Warsaw. */
const office: BusinessCalendar = {
  ...defaultBusinessCalendar(),
  open: [
    { days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' },
    { days: [6], from: '09:00', to: '13:00' },
  ],
};
const at = (iso: string) => new Date(iso);

describe('Polish public holidays', () => {
  it('computes the Easter-based days for any year', () => {
    const days = (year: number) => polishHolidays(year).map((h) => h.date);
    expect(days(2026)).toEqual(expect.arrayContaining(['2026-04-05', '2026-04-06', '2026-05-24', '2026-06-04']));
    // Easter Monday and Corpus Christi (Easter + 60) in years with early and late Easter.
    expect(polishHolidayOn('2027-03-29')).toBe('Drugi dzień Wielkanocy');
    expect(polishHolidayOn('2038-04-26')).toBe('Drugi dzień Wielkanocy');
    expect(polishHolidayOn('2025-06-19')).toBe('Dzień Bożego Ciała');
    expect(polishHolidayOn('2040-05-31')).toBe('Dzień Bożego Ciała');
  });

  it('has 11 November every year, Wigilia only from 2025, and no observances', () => {
    expect(polishHolidayOn('2031-11-11')).toBe('Narodowe Święto Niepodległości');
    expect(polishHolidayOn('2024-12-24')).toBeNull();
    expect(polishHolidayOn('2026-12-24')).toBe('Wigilia Bożego Narodzenia');
    expect(polishHolidayOn('2026-12-06')).toBeNull(); // Mikołajki is an observance, a working day
    expect(polishHolidays(2026)).toHaveLength(14);
  });
});

describe('openStateAt / isOpenAt (Europe/Warsaw)', () => {
  it('opens within the week’s hours in local time, winter and summer', () => {
    // Tue 1 Dec 2026, 08:00 in Warsaw = 07:00 UTC (CET); Wed 1 Jul 2026, 16:00 CEST = 14:00 UTC closes.
    expect(openStateAt(office, at('2026-12-01T07:00:00Z'))).toEqual({ open: true });
    expect(openStateAt(office, at('2026-12-01T06:59:59Z'))).toEqual({ open: false, reason: 'outside-hours' });
    expect(isOpenAt(office, at('2026-07-01T13:59:00Z'))).toBe(true);
    expect(isOpenAt(office, at('2026-07-01T14:00:00Z'))).toBe(false);
  });

  it('keeps Saturday hours and closes on Sunday', () => {
    expect(isOpenAt(office, at('2026-12-05T10:00:00Z'))).toBe(true);
    expect(openStateAt(office, at('2026-12-06T10:00:00Z'))).toEqual({ open: false, reason: 'outside-hours' });
  });

  it('is closed on Easter Monday, Corpus Christi, 11 November and Wigilia, by the Warsaw date', () => {
    expect(openStateAt(office, at('2026-04-06T09:00:00Z'))).toEqual({
      open: false,
      reason: 'holiday',
      holiday: 'Drugi dzień Wielkanocy',
    });
    expect(openStateAt(office, at('2026-06-04T09:00:00Z'))).toMatchObject({ holiday: 'Dzień Bożego Ciała' });
    expect(openStateAt(office, at('2026-11-11T09:00:00Z'))).toMatchObject({ holiday: 'Narodowe Święto Niepodległości' });
    // 23:30 UTC on 23 Dec is already Wigilia in Warsaw (00:30).
    expect(openStateAt(office, at('2026-12-23T23:30:00Z'))).toMatchObject({ holiday: 'Wigilia Bożego Narodzenia' });
    expect(isOpenAt({ ...office, closedOnPolishHolidays: false }, at('2026-06-04T09:00:00Z'))).toBe(true);
  });

  it('follows office exceptions before holidays and the week: a closed Friday, a shorter Christmas Eve', () => {
    const withExceptions: BusinessCalendar = {
      ...office,
      exceptions: [
        { date: '2026-11-13', open: [], name: 'Inwentaryzacja' },
        { date: '2024-12-24', open: [{ from: '08:00', to: '12:00' }] },
        { date: '2026-12-24', open: [{ from: '08:00', to: '12:00' }] },
      ],
    };
    expect(openStateAt(withExceptions, at('2026-11-13T09:00:00Z'))).toEqual({
      open: false,
      reason: 'holiday',
      holiday: 'Inwentaryzacja',
    });
    expect(isOpenAt(withExceptions, at('2024-12-24T10:59:00Z'))).toBe(true); // 11:59 CET
    expect(isOpenAt(withExceptions, at('2024-12-24T11:00:00Z'))).toBe(false); // 12:00 CET
    expect(isOpenAt(withExceptions, at('2026-12-24T09:00:00Z'))).toBe(true); // opened on the holiday by choice
  });
});

describe('business minutes', () => {
  it('adds minutes within one day and carries the rest over the weekend', () => {
    // Fri 4 Dec 2026 15:00 CET + 120 business minutes (weekdays only) = Mon 7 Dec 09:00 CET.
    const weekdays = defaultBusinessCalendar();
    expect(addBusinessMinutes(weekdays, at('2026-12-04T14:00:00Z'), 30)).toEqual(at('2026-12-04T14:30:00Z'));
    expect(addBusinessMinutes(weekdays, at('2026-12-04T14:00:00Z'), 120)).toEqual(at('2026-12-07T08:00:00Z'));
    expect(businessMinutesBetween(weekdays, at('2026-12-04T14:00:00Z'), at('2026-12-07T08:00:00Z'))).toBe(120);
  });

  it('starts a clock opened outside hours at the next opening, skipping holidays', () => {
    // Thu 5 Nov 2026 20:00 CET → Friday 08:00 + 60.
    expect(addBusinessMinutes(office, at('2026-11-05T19:00:00Z'), 60)).toEqual(at('2026-11-06T08:00:00Z'));
    // Tue 10 Nov 16:00 → Wed 11 Nov is a holiday → Thu 12 Nov 08:00 + 30 = 07:30 UTC.
    expect(addBusinessMinutes(office, at('2026-11-10T15:00:00Z'), 30)).toEqual(at('2026-11-12T07:30:00Z'));
    // Easter 2026: Sat 4 Apr 09:00–13:00 counts, Sunday and Monday do not.
    expect(businessMinutesBetween(office, at('2026-04-03T14:00:00Z'), at('2026-04-07T06:00:00Z'))).toBe(240);
  });

  it('keeps local hours across the DST changes (spring forward and fall back)', () => {
    // Fri 27 Mar 2026 15:00 CET (14:00 UTC) + 120 min: Sat 28 Mar 09:00 CET + 60 → 10:00 CET = 09:00 UTC.
    expect(addBusinessMinutes(office, at('2026-03-27T14:00:00Z'), 120)).toEqual(at('2026-03-28T09:00:00Z'));
    // Sat 28 Mar 12:30 CET + 60 min: Monday 30 Mar 08:00 is CEST (06:00 UTC) → 06:30 UTC.
    expect(addBusinessMinutes(office, at('2026-03-28T11:30:00Z'), 60)).toEqual(at('2026-03-30T06:30:00Z'));
    // Fri 23 Oct 2026 15:30 CEST + 60: Sat 24 Oct 09:30 CEST = 07:30 UTC; Mon 26 Oct 08:00 is CET again.
    expect(addBusinessMinutes(office, at('2026-10-23T13:30:00Z'), 60)).toEqual(at('2026-10-24T07:30:00Z'));
    expect(addBusinessMinutes(office, at('2026-10-24T10:30:00Z'), 60)).toEqual(at('2026-10-26T07:30:00Z'));
  });

  it('counts a 24/7 calendar as wall time, the short and the long night included', () => {
    const always: BusinessCalendar = {
      timezone: 'Europe/Warsaw',
      open: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }],
      closedOnPolishHolidays: false,
    };
    // Noon to noon over the spring change is 23 hours, over the autumn change 25.
    expect(businessMinutesBetween(always, at('2026-03-28T11:00:00Z'), at('2026-03-29T10:00:00Z'))).toBe(23 * 60);
    expect(businessMinutesBetween(always, at('2026-10-24T10:00:00Z'), at('2026-10-25T11:00:00Z'))).toBe(25 * 60);
    expect(addBusinessMinutes(always, at('2026-03-29T00:30:00Z'), 60)).toEqual(at('2026-03-29T01:30:00Z'));
  });

  it('measures the same minutes when asked again around local midnight (days and their hours are remembered)', () => {
    // Mon 30 Mar 2026: 22:10 UTC on Sunday is 00:10 CEST on Monday; 21:50 UTC is still Sunday. Asked twice each,
    // in an order that warms the remembered days from the other side of midnight first.
    const spans: [string, string, number][] = [
      ['2026-03-29T22:10:00Z', '2026-03-30T07:00:00Z', 60],
      ['2026-03-29T21:50:00Z', '2026-03-30T07:00:00Z', 60],
      ['2026-03-27T14:50:00Z', '2026-03-30T06:10:00Z', 10 + 240 + 10],
    ];
    for (let round = 0; round < 2; round++)
      for (const [from, to, minutes] of spans) expect(businessMinutesBetween(office, at(from), at(to))).toBe(minutes);
  });

  it('finds the local day of a zone whose days start off the hour (Kathmandu, UTC+05:45), asked in any order', () => {
    const kathmandu: BusinessCalendar = {
      timezone: 'Asia/Kathmandu',
      open: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }],
      closedOnPolishHolidays: false,
    };
    // Local midnight is 18:15 UTC: 18:10 UTC is Monday 23:55 there, 18:20 UTC Tuesday 00:05; Tuesday opens at 02:15 UTC.
    const spans: [string, string, number][] = [
      ['2026-11-30T18:20:00Z', '2026-12-01T02:45:00Z', 30],
      ['2026-11-30T18:10:00Z', '2026-12-01T02:45:00Z', 30],
      ['2026-11-30T02:00:00Z', '2026-11-30T10:00:00Z', 7 * 60 + 45],
      ['2026-11-30T18:14:00Z', '2026-12-02T02:16:00Z', 8 * 60 + 1],
    ];
    for (let round = 0; round < 2; round++)
      for (const [from, to, minutes] of spans) expect(businessMinutesBetween(kathmandu, at(from), at(to))).toBe(minutes);
  });

  it('answers zero for an empty or reversed span and adds nothing for zero minutes', () => {
    expect(businessMinutesBetween(office, at('2026-12-02T10:00:00Z'), at('2026-12-01T10:00:00Z'))).toBe(0);
    expect(addBusinessMinutes(office, at('2026-12-06T10:00:00Z'), 0)).toEqual(at('2026-12-06T10:00:00Z'));
  });
});
