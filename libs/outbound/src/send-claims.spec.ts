import { receiptIsAbout } from './send-claims.repository';

const link = { _id: 'm_abc', messageId: 'entry-1', workspaceId: 'ws-a', via: 'page-a' };

it('takes a receipt only from the Page that sent the message, in its workspace', () => {
  expect(receiptIsAbout(link, { workspaceId: 'ws-a', via: 'page-a' })).toBe(true);
  // Another workspace's Page naming our message id.
  expect(receiptIsAbout(link, { workspaceId: 'ws-b', via: 'page-b' })).toBe(false);
  // Another Page of our own workspace.
  expect(receiptIsAbout(link, { workspaceId: 'ws-a', via: 'page-b' })).toBe(false);
  // A link written before Pages were recorded: the workspace still has to match.
  expect(receiptIsAbout({ ...link, via: undefined }, { workspaceId: 'ws-a', via: 'page-x' })).toBe(true);
  expect(receiptIsAbout({ ...link, via: undefined }, { workspaceId: 'ws-b', via: 'page-a' })).toBe(false);
});
