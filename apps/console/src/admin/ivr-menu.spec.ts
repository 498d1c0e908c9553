import type { CallSetup } from '../api/admin-types';
import { callSetupOf, ivrFormOf, keysSummary } from './ivr-menu';

const setup: CallSetup = {
  greeting: 'Dzień dobry, tu sklep Żółw.',
  language: 'pl-PL',
  hours: { timezone: 'Europe/Warsaw', open: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }] },
  menus: {
    main: {
      prompt: 'Reklamacje — jeden, faktury — dwa, wiadomość — dziewięć.',
      options: [
        { digit: '9', action: { type: 'voicemail' } },
        { digit: '1', action: { type: 'queue', queue: 'reklamacje' } },
        { digit: '2', speech: ['faktura', 'faktury'], action: { type: 'queue', queue: 'faktury' } },
      ],
      fallback: { type: 'queue', queue: 'reklamacje' },
    },
    inne: { prompt: 'Inne sprawy', options: [] },
  },
  queues: { reklamacje: { maxWaitSeconds: 120 }, faktury: {} },
};

describe('the IVR form of a number', () => {
  it('shows the greeting, the main prompt and each key that leads to a queue', () => {
    expect(ivrFormOf(setup)).toEqual({
      greeting: 'Dzień dobry, tu sklep Żółw.',
      prompt: 'Reklamacje — jeden, faktury — dwa, wiadomość — dziewięć.',
      keys: [
        { digit: '1', queue: 'reklamacje' },
        { digit: '2', queue: 'faktury' },
      ],
    });
    expect(keysSummary(setup)).toBe('1 → reklamacje, 2 → faktury');
  });

  it('saves the keys first and keeps all the form does not show', () => {
    const form = ivrFormOf(setup);
    const saved = callSetupOf({ ...form, keys: [...form.keys.slice(1), { digit: '3', queue: 'zwroty' }] }, setup);
    expect(saved.menus?.main.options).toEqual([
      { digit: '2', speech: ['faktura', 'faktury'], action: { type: 'queue', queue: 'faktury' } },
      { digit: '3', action: { type: 'queue', queue: 'zwroty' } },
      { digit: '9', action: { type: 'voicemail' } },
    ]);
    expect(saved.menus?.main.fallback).toEqual({ type: 'queue', queue: 'reklamacje' });
    expect(saved.menus?.inne).toEqual(setup.menus?.inne);
    expect(saved.queues).toEqual({ reklamacje: { maxWaitSeconds: 120 }, faktury: {}, zwroty: {} });
    expect(saved).toMatchObject({ hours: setup.hours, language: 'pl-PL' });
  });

  it('gives a number without a setup its keys, queues and the first queue for callers who press nothing', () => {
    const saved = callSetupOf(
      { greeting: 'Dzień dobry', prompt: 'Wybierz 1', keys: [{ digit: '1', queue: ' sprzedaz ' }] },
      null,
    );
    expect(saved).toEqual({
      greeting: 'Dzień dobry',
      menus: {
        main: {
          prompt: 'Wybierz 1',
          options: [{ digit: '1', action: { type: 'queue', queue: 'sprzedaz' } }],
          fallback: { type: 'queue', queue: 'sprzedaz' },
        },
      },
      queues: { sprzedaz: {} },
    });
  });

  it('leaves a queue name the API refuses out of the queues, so its reason stands once, under the key', () => {
    const saved = callSetupOf({ greeting: 'Dzień dobry', prompt: 'Wybierz', keys: [{ digit: '1', queue: 'Dział Żółty' }] }, null);
    expect(saved.queues).toEqual({});
    expect(saved.menus?.main.options).toEqual([{ digit: '1', action: { type: 'queue', queue: 'Dział Żółty' } }]);
  });
});
