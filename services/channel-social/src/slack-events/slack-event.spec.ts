import { parseSlackThreadId, readSlackMessage, slackRequestSchema, slackToContact, type SlackEventCallback } from './slack-event';

const callback = (event: Record<string, unknown>): SlackEventCallback => {
  const parsed = slackRequestSchema.parse({
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    team_id: 'T0123ABCD',
    api_app_id: 'A0123ABCD',
    type: 'event_callback',
    event_id: 'Ev0123ABCD',
    event_time: 1780000000,
    event: {
      type: 'message',
      channel: 'C0SUPPORT',
      user: 'U0CUSTOMER',
      text: 'Hej',
      ts: '1780000000.000100',
      channel_type: 'channel',
      ...event,
    },
  });
  if (parsed.type !== 'event_callback') throw new Error('expected an event_callback');
  return parsed;
};

describe('readSlackMessage', () => {
  it('reads a person’s message; a top-level one starts its own thread', () => {
    expect(readSlackMessage(callback({ text: 'Nie działa logowanie 😕' }))).toEqual({
      kind: 'message',
      message: {
        channel: 'C0SUPPORT',
        user: 'U0CUSTOMER',
        text: 'Nie działa logowanie 😕',
        ts: '1780000000.000100',
        threadTs: '1780000000.000100',
        files: [],
      },
    });
  });

  it('a reply in a thread belongs to the thread’s root', () => {
    const read = readSlackMessage(callback({ ts: '1780000100.000200', thread_ts: '1780000000.000100' }));
    expect(read).toMatchObject({ kind: 'message', message: { threadTs: '1780000000.000100' } });
  });

  it('ignores bot messages (ours come back as events), edits, deletions and other event types', () => {
    expect(readSlackMessage(callback({ bot_id: 'B0OURBOT', user: undefined }))).toEqual({
      kind: 'ignored',
      reason: 'bot message',
    });
    expect(readSlackMessage(callback({ subtype: 'bot_message', bot_id: 'B1' })).kind).toBe('ignored');
    expect(readSlackMessage(callback({ subtype: 'message_changed', message: {} }))).toEqual({
      kind: 'ignored',
      reason: 'subtype message_changed',
    });
    expect(readSlackMessage(callback({ subtype: 'message_deleted' })).kind).toBe('ignored');
    expect(readSlackMessage(callback({ type: 'reaction_added' }))).toEqual({ kind: 'ignored', reason: 'event reaction_added' });
  });

  it('a file shared with a comment is a message with the file as a reference', () => {
    const read = readSlackMessage(
      callback({
        subtype: 'file_share',
        files: [
          {
            id: 'F1',
            name: 'zrzut ekranu.png',
            mimetype: 'image/png',
            size: 2048,
            url_private: 'https://files.slack.com/files-pri/T1-F1/zrzut.png',
          },
        ],
      }),
    );
    expect(read).toMatchObject({
      kind: 'message',
      message: {
        files: [
          {
            name: 'zrzut ekranu.png',
            contentType: 'image/png',
            size: 2048,
            url: 'https://files.slack.com/files-pri/T1-F1/zrzut.png',
          },
        ],
      },
    });
  });
});

describe('slackToContact', () => {
  it('is from the Slack user scoped by team, threaded by channel and thread root', () => {
    const read = readSlackMessage(
      callback({ ts: '1780000100.000200', thread_ts: '1780000000.000100', text: 'Dalej nie działa' }),
    );
    if (read.kind !== 'message') throw new Error('expected a message');
    expect(slackToContact('T0123ABCD', read.message, new Date(1_780_000_200_000))).toEqual({
      channel: 'slack',
      providerMessageId: 'C0SUPPORT:1780000100.000200',
      from: [{ kind: 'slack', value: 'U0CUSTOMER', teamId: 'T0123ABCD' }],
      recipient: 'C0SUPPORT',
      subject: null,
      text: 'Dalej nie działa',
      html: null,
      attachments: [],
      thread: { inReplyTo: null, references: [], providerThreadId: 'C0SUPPORT:1780000000.000100' },
      receivedAt: new Date(1_780_000_100_000).toISOString(),
    });
  });

  it('thread ids round-trip', () => {
    expect(parseSlackThreadId('C0SUPPORT:1780000000.000100')).toEqual({ channel: 'C0SUPPORT', threadTs: '1780000000.000100' });
    expect(parseSlackThreadId(null)).toBeNull();
    expect(parseSlackThreadId('garbage')).toBeNull();
  });
});
