import { messengerToContact, messengerWebhookSchema, readMessengerEvents, type MessengerEvent } from './messenger-webhook';

const PAGE = '104857600123456';
const PSID = '6543210987654321';
const at = 1_780_000_000_000;

const webhook = (...entries: { id?: string; messaging: unknown[] }[]) =>
  messengerWebhookSchema.parse({
    object: 'page',
    entry: entries.map((e) => ({ id: e.id ?? PAGE, time: at, messaging: e.messaging })),
  });
const item = (fields: object) => ({ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: at, ...fields });

describe('readMessengerEvents', () => {
  it('reads every event of every entry, in order (not only the first)', () => {
    const events = readMessengerEvents(
      webhook(
        { messaging: [item({ message: { mid: 'm_1', text: 'a' } }), item({ message: { mid: 'm_2', text: 'b' } })] },
        {
          id: '999000111222',
          messaging: [item({ message: { mid: 'm_3', text: 'c' } }), item({ message: { mid: 'm_4', text: 'd' } })],
        },
      ),
    );
    expect(events.map((e) => (e.kind === 'contact' ? `${e.pageId}/${e.mid}` : e.kind))).toEqual([
      `${PAGE}/m_1`,
      `${PAGE}/m_2`,
      '999000111222/m_3',
      '999000111222/m_4',
    ]);
  });

  it('a quick reply is the text of the tapped button; attachments are type and URL', () => {
    const [quick, media] = readMessengerEvents(
      webhook({
        messaging: [
          item({ message: { mid: 'm_q', text: 'Reklamacja', quick_reply: { payload: 'TOPIC_COMPLAINT' } } }),
          item({
            message: {
              mid: 'm_a',
              attachments: [
                { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/zdjecie.jpg' } },
                { type: 'location', payload: { coordinates: { lat: 52.2, long: 21.0 } } },
              ],
            },
          }),
        ],
      }),
    );
    expect(quick).toMatchObject({ kind: 'contact', text: 'Reklamacja', attachments: [] });
    expect(media).toMatchObject({
      kind: 'contact',
      text: '[image] [location]',
      attachments: [
        { type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/zdjecie.jpg' },
        { type: 'location', url: null },
      ],
    });
  });

  it('a postback is a contact with the button title; without a mid its id is deterministic', () => {
    const tap = item({ postback: { title: 'Porozmawiaj z konsultantem', payload: 'HUMAN' } });
    const [a] = readMessengerEvents(webhook({ messaging: [tap] }));
    const [b] = readMessengerEvents(webhook({ messaging: [tap] }));
    const [c] = readMessengerEvents(webhook({ messaging: [{ ...tap, timestamp: at + 1 }] }));
    expect(a).toMatchObject({ kind: 'contact', text: 'Porozmawiaj z konsultantem' });
    const mid = (e: MessengerEvent) => (e.kind === 'contact' ? e.mid : null);
    expect(mid(a)).toMatch(/^postback:[0-9a-f]{32}$/);
    expect(mid(a)).toBe(mid(b));
    expect(mid(a)).not.toBe(mid(c));
    const [withMid] = readMessengerEvents(
      webhook({ messaging: [item({ postback: { mid: 'm_pb', title: 'Start', payload: 'GET_STARTED' } })] }),
    );
    expect(mid(withMid)).toBe('m_pb');
  });

  it('echoes, deliveries and reads are told apart from customer messages', () => {
    const events = readMessengerEvents(
      webhook({
        messaging: [
          {
            sender: { id: PAGE },
            recipient: { id: PSID },
            timestamp: at,
            message: { mid: 'm_echo', is_echo: true, app_id: 1517776481860111, text: 'Dzień dobry' },
          },
          item({ delivery: { mids: ['m_ours'], watermark: at } }),
          item({ read: { watermark: at } }),
          item({ reaction: { reaction: 'love', action: 'react', mid: 'm_ours' } }),
        ],
      }),
    );
    expect(events.map((e) => e.kind)).toEqual(['echo', 'delivery', 'read', 'unsupported']);
    expect(events[1]).toMatchObject({ mids: ['m_ours'] });
  });

  it('reads nothing from another object (Instagram) or a broken item', () => {
    expect(
      readMessengerEvents(
        messengerWebhookSchema.parse({
          object: 'instagram',
          entry: [{ id: PAGE, messaging: [item({ message: { mid: 'm', text: 'x' } })] }],
        }),
      ),
    ).toEqual([]);
    expect(readMessengerEvents(webhook({ messaging: [{ sender: {} }] }))[0].kind).toBe('unsupported');
  });
});

describe('messengerToContact', () => {
  it('makes a contact from the PSID scoped by the Page, with attachments as references', () => {
    const [event] = readMessengerEvents(
      webhook({
        messaging: [
          item({
            message: {
              mid: 'm_x',
              text: 'Zamówienie nie dotarło, proszę o pomoc — Łódź',
              attachments: [{ type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/faktura.pdf' } }],
            },
          }),
        ],
      }),
    );
    if (event.kind !== 'contact') throw new Error('expected a contact');
    expect(messengerToContact(event, new Date(at + 5000))).toEqual({
      channel: 'messenger',
      providerMessageId: 'm_x',
      from: [{ kind: 'messenger', value: PSID, pageId: PAGE }],
      recipient: PAGE,
      subject: null,
      text: 'Zamówienie nie dotarło, proszę o pomoc — Łódź',
      html: null,
      attachments: [
        {
          ref: 'https://cdn.fbsbx.com/v/faktura.pdf',
          filename: null,
          contentType: 'application/octet-stream',
          size: 0,
          inline: false,
        },
      ],
      thread: { inReplyTo: null, references: [], providerThreadId: null },
      receivedAt: new Date(at).toISOString(),
    });
  });

  it('never dates a message in the future', () => {
    const [event] = readMessengerEvents(webhook({ messaging: [item({ message: { mid: 'm_f', text: 'x' } })] }));
    if (event.kind !== 'contact') throw new Error('expected a contact');
    expect(messengerToContact(event, new Date(at - 60_000)).receivedAt).toBe(new Date(at - 60_000).toISOString());
  });
});
