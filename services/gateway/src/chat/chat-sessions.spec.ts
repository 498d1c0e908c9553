import { chatLinesOf } from './chat-sessions';

const message = (id: string, channel: string, direction: string, providerMessageId?: string) => ({
  id,
  kind: 'message',
  channel,
  direction,
  providerMessageId,
});

describe('chatLinesOf', () => {
  it("finds the visitor's chat lines and their session on a ticket's timeline, oldest first", () => {
    const timeline = [
      message('e1', 'email', 'inbound', '<abc@example.pl>'),
      message('e2', 'chat', 'inbound', 'cs_firstSession123:0123456789abcdef'),
      { id: 'n1', kind: 'note' },
      message('e3', 'chat', 'outbound', 'reply-1'),
      message('e4', 'chat', 'inbound', 'cs_secondSession45:fedcba9876543210'),
    ];
    expect(chatLinesOf(timeline)).toEqual([
      { sessionId: 'cs_firstSession123', lineId: '0123456789abcdef', messageId: 'e2' },
      { sessionId: 'cs_secondSession45', lineId: 'fedcba9876543210', messageId: 'e4' },
    ]);
  });

  it('ignores chat entries whose provider id is not a session line', () => {
    expect(chatLinesOf([message('e1', 'chat', 'inbound', 'nonsense'), message('e2', 'chat', 'inbound')])).toEqual([]);
  });
});
