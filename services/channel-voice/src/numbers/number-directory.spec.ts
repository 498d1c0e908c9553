import { NumberDirectory } from './number-directory';
import type { StoredNumber } from './stored-number.repository';

const configured = [
  { number: '+48221234567', workspaceId: 'ws-a' },
  { number: '+48221234568', workspaceId: 'ws-a' },
  { number: '+48611234567', workspaceId: 'ws-b' },
];
const directory = new NumberDirectory(configured);

function stored(number: string, workspaceId: string): StoredNumber {
  return { number, workspaceId, calls: null, createdAt: new Date(0), updatedAt: new Date(0) };
}

describe('NumberDirectory', () => {
  it('finds the workspace of a number, and nothing for a number that is not ours', async () => {
    expect(await directory.workspaceOf('+48611234567')).toBe('ws-b');
    expect(await directory.workspaceOf('+48999999999')).toBeNull();
  });

  it('answers from the number the customer texted, but never from another workspace’s number', async () => {
    expect(await directory.senderFor('ws-a', '+48221234568')).toBe('+48221234568');
    expect(await directory.senderFor('ws-a', '+48611234567')).toBe('+48221234567');
    expect(await directory.senderFor('ws-a', null)).toBe('+48221234567');
    expect(await directory.senderFor('ws-c', null)).toBeNull();
  });

  it('gives each number its call line, with the default setup when none is configured', async () => {
    expect(await directory.callLineOf('+48611234567')).toMatchObject({
      workspaceId: 'ws-b',
      setup: { language: 'pl-PL', hours: null, queues: { ogolna: { maxWaitSeconds: 300 } } },
    });
    expect(await directory.callLineOf('+48999999999')).toBeNull();
    expect((await directory.callLinesOf('ws-a')).map((l) => l.number)).toEqual(['+48221234567', '+48221234568']);
  });

  it('adds stored numbers, which win over configured ones, and caches the store for its ttl', async () => {
    let now = 0;
    let reads = 0;
    let rows = [stored('+48611234567', 'ws-c'), stored('+48700000001', 'ws-c')];
    const withStore = new NumberDirectory(configured, { all: async () => (reads++, rows) }, 1_000, () => now);
    expect(await withStore.workspaceOf('+48611234567')).toBe('ws-c');
    expect(await withStore.workspaceOf('+48700000001')).toBe('ws-c');
    expect(await withStore.callLinesOf('ws-b')).toEqual([]);
    expect(reads).toBe(1);
    rows = [];
    now = 500;
    expect(await withStore.workspaceOf('+48700000001')).toBe('ws-c');
    now = 1_000;
    expect(await withStore.workspaceOf('+48700000001')).toBeNull();
    expect(await withStore.workspaceOf('+48611234567')).toBe('ws-b');
    rows = [stored('+48700000002', 'ws-d')];
    withStore.invalidate();
    expect(await withStore.workspaceOf('+48700000002')).toBe('ws-d');
    expect(reads).toBe(3);
  });

  it('shares one store read between concurrent lookups and does not cache a failed read', async () => {
    let reads = 0;
    let fail = true;
    const flaky = new NumberDirectory([], {
      all: async () => {
        reads++;
        if (fail) throw new Error('store down');
        return [stored('+48700000003', 'ws-e')];
      },
    });
    await expect(Promise.all([flaky.workspaceOf('+48700000003'), flaky.workspaceOf('+48700000003')])).rejects.toThrow(
      'store down',
    );
    expect(reads).toBe(1);
    fail = false;
    expect(await flaky.workspaceOf('+48700000003')).toBe('ws-e');
  });
});
