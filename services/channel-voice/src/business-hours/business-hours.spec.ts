import { openStateAt, type BusinessHours } from './business-hours';
import { easterSunday, polishHolidayOn, polishHolidays } from './polish-holidays';

describe('polishHolidays', () => {
  it('computes Easter for known years', () => {
    expect(easterSunday(2024)).toEqual({ month: 3, day: 31 });
    expect(easterSunday(2025)).toEqual({ month: 4, day: 20 });
    expect(easterSunday(2026)).toEqual({ month: 4, day: 5 });
    expect(easterSunday(2027)).toEqual({ month: 3, day: 28 });
    expect(easterSunday(2038)).toEqual({ month: 4, day: 25 });
  });

  it('lists the 2026 calendar with the Easter-based days and Wigilia', () => {
    expect(polishHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Nowy Rok' },
      { date: '2026-01-06', name: 'Święto Trzech Króli' },
      { date: '2026-04-05', name: 'Wielkanoc' },
      { date: '2026-04-06', name: 'Poniedziałek Wielkanocny' },
      { date: '2026-05-01', name: 'Święto Pracy' },
      { date: '2026-05-03', name: 'Święto Konstytucji 3 Maja' },
      { date: '2026-05-24', name: 'Zielone Świątki' },
      { date: '2026-06-04', name: 'Boże Ciało' },
      { date: '2026-08-15', name: 'Wniebowzięcie Najświętszej Maryi Panny' },
      { date: '2026-11-01', name: 'Wszystkich Świętych' },
      { date: '2026-11-11', name: 'Narodowe Święto Niepodległości' },
      { date: '2026-12-24', name: 'Wigilia Bożego Narodzenia' },
      { date: '2026-12-25', name: 'Boże Narodzenie (pierwszy dzień)' },
      { date: '2026-12-26', name: 'Boże Narodzenie (drugi dzień)' },
    ]);
  });

  it('has Wigilia off only from 2025', () => {
    expect(polishHolidayOn('2024-12-24')).toBeNull();
    expect(polishHolidayOn('2025-12-24')).toBe('Wigilia Bożego Narodzenia');
    expect(polishHolidayOn('2025-06-19')).toBe('Boże Ciało');
    expect(polishHolidayOn('2025-06-08')).toBe('Zielone Świątki');
    expect(polishHolidayOn('2026-12-01')).toBeNull();
  });
});

describe('openStateAt (Europe/Warsaw)', () => {
  const hours: BusinessHours = {
    timezone: 'Europe/Warsaw',
    open: [
      { days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' },
      { days: [6], from: '09:00', to: '13:00' },
    ],
    closedOnPolishHolidays: true,
  };

  it('opens on a weekday within the range, in local time across DST', () => {
    // Tue 1 Dec 2026, 08:00 in Warsaw = 07:00 UTC (CET).
    expect(openStateAt(hours, new Date('2026-12-01T07:00:00Z'))).toEqual({ open: true });
    expect(openStateAt(hours, new Date('2026-12-01T06:59:00Z'))).toEqual({ open: false, reason: 'outside-hours' });
    // Wed 1 Jul 2026, 15:59 in Warsaw = 13:59 UTC (CEST); 16:00 closes.
    expect(openStateAt(hours, new Date('2026-07-01T13:59:00Z'))).toEqual({ open: true });
    expect(openStateAt(hours, new Date('2026-07-01T14:00:00Z'))).toEqual({ open: false, reason: 'outside-hours' });
  });

  it('keeps Saturday hours and closes on Sunday', () => {
    expect(openStateAt(hours, new Date('2026-12-05T10:00:00Z'))).toEqual({ open: true });
    expect(openStateAt(hours, new Date('2026-12-06T10:00:00Z'))).toEqual({ open: false, reason: 'outside-hours' });
  });

  it('is closed on a Polish holiday that falls on a working day, by the Warsaw date', () => {
    // Boże Ciało 2026 is Thursday 4 June.
    expect(openStateAt(hours, new Date('2026-06-04T09:00:00Z'))).toEqual({
      open: false,
      reason: 'holiday',
      holiday: 'Boże Ciało',
    });
    // 23:30 UTC on 23 Dec is already Wigilia in Warsaw (00:30).
    expect(openStateAt(hours, new Date('2026-12-23T23:30:00Z'))).toMatchObject({ reason: 'holiday' });
    expect(openStateAt({ ...hours, closedOnPolishHolidays: false }, new Date('2026-06-04T09:00:00Z'))).toEqual({ open: true });
  });
});
