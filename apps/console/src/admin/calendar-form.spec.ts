import type { BusinessCalendar } from '../api/admin-types';
import { calendarFormOf, calendarOf } from './calendar-form';

const office: BusinessCalendar = {
  timezone: 'Europe/Warsaw',
  open: [
    { days: [1, 2, 3, 4], from: '08:00', to: '16:00' },
    { days: [5], from: '08:00', to: '12:00' },
    { days: [5], from: '13:00', to: '15:00' },
  ],
  closedOnPolishHolidays: true,
  exceptions: [
    { date: '2026-12-24', open: [{ from: '08:00', to: '12:00' }], name: 'Wigilia' },
    { date: '2026-12-31', open: [], name: null },
  ],
};

describe('the business calendar form', () => {
  it('shows each weekday open or closed with its hours, and the days off', () => {
    const form = calendarFormOf(office);
    expect(form.week.map((d) => [d.day, d.open, d.from, d.to])).toEqual([
      [1, true, '08:00', '16:00'],
      [2, true, '08:00', '16:00'],
      [3, true, '08:00', '16:00'],
      [4, true, '08:00', '16:00'],
      [5, true, '08:00', '12:00'],
      [6, false, '08:00', '16:00'],
      [7, false, '08:00', '16:00'],
    ]);
    expect(form.week[4].more).toEqual([{ from: '13:00', to: '15:00' }]);
    expect(form.daysOff).toEqual([
      { date: '2026-12-24', name: 'Wigilia', from: '08:00', to: '12:00' },
      { date: '2026-12-31', name: '', from: '', to: '' },
    ]);
  });

  it('saves what it showed unchanged, days with the same hours as one entry', () => {
    const { calendar, dayOfEntry } = calendarOf(calendarFormOf(office));
    expect(calendar).toEqual(office);
    expect(dayOfEntry).toEqual([1, 5, 5]);
  });

  it('opens Saturday mornings and closes Friday, keeping the holidays switch', () => {
    const form = calendarFormOf(office);
    form.week[4].open = false;
    Object.assign(form.week[5], { open: true, from: '09:00', to: '13:00' });
    form.closedOnPolishHolidays = false;
    const { calendar, dayOfEntry } = calendarOf(form);
    expect(calendar.open).toEqual([
      { days: [1, 2, 3, 4], from: '08:00', to: '16:00' },
      { days: [6], from: '09:00', to: '13:00' },
    ]);
    expect(dayOfEntry).toEqual([1, 6]);
    expect(calendar.closedOnPolishHolidays).toBe(false);
  });
});
