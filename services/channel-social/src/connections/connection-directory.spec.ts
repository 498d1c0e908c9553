import type { MessengerPage } from '../config';
import { PageDirectory } from '../messenger/pages/page-directory';

const page = (pageId: string, workspaceId: string, pageAccessToken = `EAAG-${pageId}-token-long-enough`): MessengerPage => ({
  pageId,
  workspaceId,
  pageAccessToken,
  appSecret: `secret-of-${pageId}-app`,
});
const configured = [page('100001', 'ws-a'), page('100002', 'ws-b')];

describe('PageDirectory', () => {
  it('finds configured Pages, and stored ones that win on the same id', async () => {
    const stored = new Map([
      ['100002', page('100002', 'ws-b', 'EAAG-rotated-token-xxxx')],
      ['100003', page('100003', 'ws-c')],
    ]);
    const pages = new PageDirectory(configured, {
      find: async (id) => stored.get(id) ?? null,
      all: async () => [...stored.values()],
    });
    expect((await pages.find('100001'))?.workspaceId).toBe('ws-a');
    expect((await pages.find('100002'))?.pageAccessToken).toBe('EAAG-rotated-token-xxxx');
    expect((await pages.find('100003'))?.workspaceId).toBe('ws-c');
    expect(await pages.find('999999')).toBeNull();
    expect((await pages.all()).map((p) => p.pageId).sort()).toEqual(['100001', '100002', '100003']);
  });

  it('keeps each answer, found or not, for its ttl, and drops it at once on invalidate', async () => {
    let now = 0;
    let reads = 0;
    const stored = new Map<string, MessengerPage>();
    const pages = new PageDirectory(
      [],
      { find: async (id) => (reads++, stored.get(id) ?? null), all: async () => [] },
      1_000,
      () => now,
    );
    expect(await pages.find('100004')).toBeNull();
    stored.set('100004', page('100004', 'ws-d'));
    now = 999;
    expect(await pages.find('100004')).toBeNull(); // another instance's change, not seen yet
    now = 1_000;
    expect((await pages.find('100004'))?.workspaceId).toBe('ws-d');
    stored.delete('100004');
    pages.invalidate('100004');
    expect(await pages.find('100004')).toBeNull();
    expect(reads).toBe(3);
  });

  it('shares one store read between concurrent lookups and does not keep a failed one', async () => {
    let reads = 0;
    let fail = true;
    const pages = new PageDirectory([], {
      find: async () => {
        reads++;
        if (fail) throw new Error('store down');
        return page('100005', 'ws-e');
      },
      all: async () => [],
    });
    await expect(Promise.all([pages.find('100005'), pages.find('100005')])).rejects.toThrow('store down');
    expect(reads).toBe(1);
    fail = false;
    expect((await pages.find('100005'))?.workspaceId).toBe('ws-e');
  });
});
