import { CONTACT_TEXT_LIMIT } from '../../inbound/contact-text';
import {
  parseSlackRequest,
  parseSlackThreadId,
  readSlackMessage,
  slackRequestSchema,
  slackToContact,
  type SlackEventCallback,
} from './slack-event';

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

describe('what Slack sends besides plain messages', () => {
  const textOf = (event: Record<string, unknown>) => {
    const read = readSlackMessage(callback(event));
    return read.kind === 'message' ? read.message.text : `ignored: ${read.reason}`;
  };

  it('takes a person’s subtypes (thread_broadcast, me_message) and ignores the channel’s own news', () => {
    expect(textOf({ subtype: 'thread_broadcast', thread_ts: '1779999999.000100', text: 'Też to widzę' })).toBe('Też to widzę');
    expect(textOf({ subtype: 'me_message', text: 'macha do zespołu' })).toBe('macha do zespołu');
    for (const subtype of ['channel_join', 'channel_leave', 'channel_topic', 'channel_purpose', 'pinned_item', 'huddle_thread']) {
      expect(textOf({ subtype, text: `<@U0CUSTOMER> ${subtype}` })).toBe(`ignored: subtype ${subtype}`);
    }
  });

  it('a message with an empty text takes its text from the rich_text blocks', () => {
    const blocks = [
      {
        type: 'rich_text',
        block_id: 'Xk9=',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'Cześć ' },
              { type: 'user', user_id: 'U0AGENT' },
              { type: 'text', text: ', zamówienie ' },
              { type: 'text', text: '#1234', style: { bold: true } },
              { type: 'text', text: ' nie dotarło ' },
              { type: 'emoji', name: 'disappointed', unicode: '1f61e' },
              { type: 'text', text: ' szczegóły: ' },
              { type: 'link', url: 'https://sklep.example.pl/1234' },
            ],
          },
          {
            type: 'rich_text_list',
            style: 'bullet',
            elements: [
              { type: 'rich_text_section', elements: [{ type: 'text', text: 'buty' }] },
              { type: 'rich_text_section', elements: [{ type: 'text', text: 'kurtka' }] },
            ],
          },
          { type: 'rich_text_quote', elements: [{ type: 'text', text: 'Przesyłka w drodze' }] },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'ERR-42' }] },
        ],
      },
    ];
    expect(textOf({ text: '', blocks })).toBe(
      'Cześć <@U0AGENT>, zamówienie #1234 nie dotarło 😞 szczegóły: https://sklep.example.pl/1234\n• buty\n• kurtka\n> Przesyłka w drodze\nERR-42',
    );
    // With a text, the text is what the person wrote (the blocks say the same).
    expect(textOf({ text: 'Cześć', blocks })).toBe('Cześć');
    expect(textOf({ text: '', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Nowe zgłoszenie*' } }] })).toBe(
      '*Nowe zgłoszenie*',
    );
  });

  it('files of every kind: several at once, a canvas, a huddle transcript; one without a URL is named in the text', () => {
    const read = readSlackMessage(
      callback({
        subtype: 'file_share',
        text: 'W załączeniu',
        files: [
          {
            id: 'F1',
            name: 'faktura.pdf',
            title: 'faktura.pdf',
            mimetype: 'application/pdf',
            filetype: 'pdf',
            size: 52_311,
            url_private: 'https://files.slack.com/files-pri/T1-F1/faktura.pdf',
            mode: 'hosted',
          },
          {
            id: 'F2',
            name: 'nagranie.m4a',
            mimetype: 'audio/mp4',
            size: 90_000,
            url_private: 'https://files.slack.com/files-pri/T1-F2/nagranie.m4a',
            subtype: 'slack_audio',
          },
          {
            id: 'F3',
            name: null,
            title: 'Notatki z rozmowy',
            mimetype: 'application/vnd.slack-docs',
            filetype: 'quip',
            pretty_type: 'canvas',
            size: 1200,
            url_private: 'https://files.slack.com/files-pri/T1-F3/canvas',
          },
          {
            id: 'F4',
            name: 'huddle_transcript_2026-12-01',
            title: 'Transkrypcja huddle',
            mimetype: 'text/plain',
            filetype: 'huddle_transcript',
            size: 800,
            url_private: 'https://files.slack.com/files-pri/T1-F4/transcript',
          },
          // Shared from another organisation over Slack Connect: Slack gives only the id until files.info is called.
          { id: 'F5', mode: 'file_access', file_access: 'check_file_info' },
          { id: 'F6', name: 'stary-plik.zip', mode: 'hidden_by_limit' },
        ],
      }),
    );
    if (read.kind !== 'message') throw new Error('expected a message');
    expect(read.message.text).toBe('W załączeniu\n[Plik niedostępny: F5]\n[Plik niedostępny: stary-plik.zip]');
    expect(read.message.files.map((f) => [f.name, f.contentType, f.size])).toEqual([
      ['faktura.pdf', 'application/pdf', 52_311],
      ['nagranie.m4a', 'audio/mp4', 90_000],
      ['Notatki z rozmowy', 'application/vnd.slack-docs', 1200],
      ['huddle_transcript_2026-12-01', 'text/plain', 800],
    ]);
  });

  it('a message of a Slack Connect user from another team is a message from that user', () => {
    const read = readSlackMessage(
      callback({ user: 'W0EXTERNAL', user_team: 'T0OTHERORG', source_team: 'T0OTHERORG', text: 'Hello' }),
    );
    expect(read).toMatchObject({ kind: 'message', message: { user: 'W0EXTERNAL', text: 'Hello' } });
  });

  it('other event types in event_callback are ignored by name', () => {
    for (const type of ['tokens_revoked', 'app_uninstalled', 'member_joined_channel', 'app_mention']) {
      expect(readSlackMessage(callback({ type }))).toEqual({ kind: 'ignored', reason: `event ${type}` });
    }
  });
});

describe('parseSlackRequest', () => {
  it('reads app_rate_limited and acknowledges a request type Slack adds later; refuses a broken known one', () => {
    expect(
      parseSlackRequest({
        token: 't',
        type: 'app_rate_limited',
        team_id: 'T0123ABCD',
        minute_rate_limited: 1780000000,
        api_app_id: 'A1',
      }),
    ).toMatchObject({ type: 'app_rate_limited', team_id: 'T0123ABCD' });
    expect(parseSlackRequest({ type: 'app_deleted_everything', team_id: 'T0123ABCD' })).toEqual({
      type: 'other',
      slackType: 'app_deleted_everything',
      team_id: 'T0123ABCD',
    });
    expect(parseSlackRequest({ type: 'event_callback', team_id: 'T0123ABCD' })).toBeNull();
    expect(parseSlackRequest({ hello: 'world' })).toBeNull();
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

  it('cuts a text longer than we keep, with a marker of its full length', () => {
    const read = readSlackMessage(callback({ text: 'ą'.repeat(CONTACT_TEXT_LIMIT + 500) }));
    if (read.kind !== 'message') throw new Error('expected a message');
    const { text } = slackToContact('T0123ABCD', read.message, new Date(1_780_000_200_000));
    expect(text).toHaveLength(CONTACT_TEXT_LIMIT);
    expect(text.endsWith(`… [skrócono, całość: ${CONTACT_TEXT_LIMIT + 500} znaków]`)).toBe(true);
  });

  it('thread ids round-trip', () => {
    expect(parseSlackThreadId('C0SUPPORT:1780000000.000100')).toEqual({ channel: 'C0SUPPORT', threadTs: '1780000000.000100' });
    expect(parseSlackThreadId(null)).toBeNull();
    expect(parseSlackThreadId('garbage')).toBeNull();
  });
});
