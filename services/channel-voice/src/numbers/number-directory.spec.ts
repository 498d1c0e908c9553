import { NumberDirectory } from './number-directory';

const directory = new NumberDirectory([
  { number: '+48221234567', workspaceId: 'ws-a' },
  { number: '+48221234568', workspaceId: 'ws-a' },
  { number: '+48611234567', workspaceId: 'ws-b' },
]);

describe('NumberDirectory', () => {
  it('finds the workspace of a number, and nothing for a number that is not ours', () => {
    expect(directory.workspaceOf('+48611234567')).toBe('ws-b');
    expect(directory.workspaceOf('+48999999999')).toBeNull();
  });

  it('answers from the number the customer texted, but never from another workspace’s number', () => {
    expect(directory.senderFor('ws-a', '+48221234568')).toBe('+48221234568');
    expect(directory.senderFor('ws-a', '+48611234567')).toBe('+48221234567');
    expect(directory.senderFor('ws-a', null)).toBe('+48221234567');
    expect(directory.senderFor('ws-c', null)).toBeNull();
  });

  it('gives each number its call line, with the default setup when none is configured', () => {
    expect(directory.callLineOf('+48611234567')).toMatchObject({
      workspaceId: 'ws-b',
      setup: { language: 'pl-PL', hours: null, queues: { ogolna: { maxWaitSeconds: 300 } } },
    });
    expect(directory.callLineOf('+48999999999')).toBeNull();
    expect(directory.callLinesOf('ws-a').map((l) => l.number)).toEqual(['+48221234567', '+48221234568']);
  });
});
