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
});
