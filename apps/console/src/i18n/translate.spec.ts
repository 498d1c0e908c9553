import { en } from './en';
import { formatDateTime } from './dates';
import { pl } from './pl';
import { translate, translateValue } from './translate';

describe('the console texts', () => {
  it('are Polish by default, with values filled in, and English on the switch', () => {
    expect(translate('pl', 'ticket.title', { number: 12 })).toBe('Zgłoszenie #12');
    expect(translate('en', 'ticket.title', { number: 12 })).toBe('Ticket #12');
  });

  it('have every key in both languages and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(pl).sort());
    expect([...Object.values(pl), ...Object.values(en)].filter((text) => !text.trim())).toEqual([]);
  });

  it('show an API value the console does not know as it is, rather than a key', () => {
    expect(translateValue('pl', 'status', 'waiting_customer')).toBe('czeka na klienta');
    expect(translateValue('pl', 'status', 'escalated')).toBe('escalated');
  });

  it('show times in Warsaw, winter and summer alike', () => {
    expect(formatDateTime('2026-12-06T09:30:00Z', 'pl')).toBe('6.12.2026, 10:30');
    expect(formatDateTime('2026-07-01T09:30:00Z', 'en')).toBe('01/07/2026, 11:30');
  });
});
