import { shortcutFor } from './shortcuts';

const press = (key: string, more: Partial<{ modified: boolean; inField: boolean }> = {}) => ({
  key,
  modified: false,
  inField: false,
  ...more,
});

describe('keyboard shortcuts', () => {
  it('single keys and the two-key moves after g', () => {
    expect(shortcutFor(press('r'), false)).toBe('reply');
    expect(shortcutFor(press('?'), false)).toBe('help');
    expect(shortcutFor(press('g'), false)).toBe('prefix');
    expect(shortcutFor(press('t'), true)).toBe('goToday');
    expect(shortcutFor(press('x'), true)).toBeNull();
  });

  it('leave typing and the browser’s own shortcuts alone', () => {
    expect(shortcutFor(press('r', { inField: true }), false)).toBeNull();
    expect(shortcutFor(press('n', { modified: true }), false)).toBeNull();
  });
});
