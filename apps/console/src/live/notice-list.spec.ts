import { mergeNotices, type StoredNotice } from './notice-list';

const stored = (id: string, read = false): StoredNotice => ({
  id,
  kind: 'assigned',
  number: 7,
  at: '2026-12-06T09:00:00Z',
  read,
});
const now = '2026-12-06T10:00:00Z';

describe('the bell’s notices', () => {
  it('shows what the gateway kept while the console was closed, with its unread count', () => {
    const list = mergeNotices({ items: [stored('a'), stored('b', true)], unread: 1 }, [], new Set(), now);
    expect(list.unread).toBe(1);
    expect(list.items.map((n) => n.id)).toEqual(['a', 'b']);
  });

  it('adds a live notice the gateway has not stored yet, once', () => {
    const live = [
      { kind: 'mentioned' as const, number: 9, key: 'c' },
      { kind: 'assigned' as const, number: 7, key: 'a' },
    ];
    const list = mergeNotices({ items: [stored('a')], unread: 1 }, live, new Set(), now);
    expect(list.items.map((n) => n.id)).toEqual(['c', 'a']);
    expect(list.unread).toBe(2);
  });

  it('counts a notice opened here as read before the gateway has marked it', () => {
    const live = [{ kind: 'mentioned' as const, number: 9, key: 'c' }];
    const list = mergeNotices({ items: [stored('a'), stored('b')], unread: 2 }, live, new Set(['a', 'c']), now);
    expect(list.unread).toBe(1);
    expect(list.items.filter((n) => !n.read).map((n) => n.id)).toEqual(['b']);
  });
});
