import { CONTACT_TEXT_LIMIT } from '../../inbound/contact-text';
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

  it('a quick reply is the text of the tapped button; each attachment adds a line saying what it is', () => {
    const [quick, media] = readMessengerEvents(
      webhook({
        messaging: [
          item({ message: { mid: 'm_q', text: 'Reklamacja', quick_reply: { payload: 'TOPIC_COMPLAINT' } } }),
          item({
            message: {
              mid: 'm_a',
              text: 'Tak wygląda paczka',
              attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/zdjecie.jpg' } }],
            },
          }),
        ],
      }),
    );
    expect(quick).toMatchObject({ kind: 'contact', text: 'Reklamacja', attachments: [] });
    expect(media).toMatchObject({
      kind: 'contact',
      text: 'Tak wygląda paczka\n[Zdjęcie]',
      attachments: [{ type: 'image', ref: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/zdjecie.jpg', contentType: 'image/*' }],
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
          item({ reaction: { reaction: 'love', emoji: '\u{2764}\u{FE0F}', action: 'react', mid: 'm_ours' } }),
        ],
      }),
    );
    expect(events.map((e) => e.kind)).toEqual(['echo', 'delivery', 'read', 'unsupported']);
    expect(events[3]).toMatchObject({ reason: 'reaction react' });
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
    expect(readMessengerEvents(webhook({ messaging: [{ sender: {} }] }))[0]).toEqual({
      kind: 'malformed',
      pageId: PAGE,
      reason: 'no sender',
    });
  });

  it('tells every other event Meta documents from a message, and keeps the good ones of the same entry', () => {
    const events = readMessengerEvents(
      messengerWebhookSchema.parse({
        object: 'page',
        entry: [
          {
            id: PAGE,
            time: at,
            messaging: [
              item({ optin: { type: 'notification_messages', payload: 'ZGODA', notification_messages_token: 'tok' } }),
              item({ referral: { ref: 'kampania-zima', source: 'SHORTLINK', type: 'OPEN_THREAD' } }),
              item({ message_edit: { mid: 'm_old', text: 'Poprawiony tekst', num_edit: 1 } }),
              item({ pass_thread_control: { new_owner_app_id: '123', metadata: '' } }),
              { recipient: { id: PAGE }, timestamp: at, message: { mid: 'm_nobody', text: 'bez nadawcy' } },
              'nie obiekt',
              item({ message: { mid: 'm_ok', text: 'Dobra wiadomość' } }),
            ],
            standby: [item({ message: { mid: 'm_standby', text: 'Rozmowa innej aplikacji' } })],
          },
          // A Page feed subscription's change: no messaging[] at all.
          { id: PAGE, time: at, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add' } }] },
        ],
      }),
    );
    expect(events.map((e) => `${e.kind}${'reason' in e ? ` ${e.reason}` : ''}`)).toEqual([
      'unsupported optin',
      'unsupported referral',
      'edit',
      'unsupported pass_thread_control',
      'malformed no sender',
      'malformed not an object',
      'contact',
      'unsupported standby',
      'unsupported changes',
    ]);
    expect(events[2]).toMatchObject({ kind: 'edit', mid: 'm_old' });
  });
});

describe('Messenger attachments of every kind Meta documents', () => {
  const contactOf = (attachments: unknown[], fields: object = {}) => {
    const [event] = readMessengerEvents(webhook({ messaging: [item({ message: { mid: 'm_att', attachments, ...fields } })] }));
    if (event.kind !== 'contact') throw new Error(`expected a contact, got ${event.kind}`);
    const contact = messengerToContact(event, new Date(at));
    return {
      text: contact.text,
      attachments: (contact.attachments ?? []).map((a) => ({ ref: a.ref, contentType: a.contentType })),
    };
  };
  const cdn = (name: string) => `https://scontent.xx.fbcdn.net/v/t1.15752-9/${name}?_nc_cat=1&oh=00_AfA`;

  it('media: image, video, audio and file, each a reference to Meta’s URL', () => {
    expect(
      contactOf([
        { type: 'image', payload: { url: cdn('paragon.jpg') } },
        { type: 'video', payload: { url: cdn('film.mp4') } },
        { type: 'audio', payload: { url: 'https://cdn.fbsbx.com/v/t59.3654-21/audioclip-1780000000.mp4' } },
        { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/t59.2708-21/faktura.pdf' } },
      ]),
    ).toEqual({
      text: '[Zdjęcie]\n[Wideo]\n[Nagranie audio]\n[Plik]',
      attachments: [
        { ref: cdn('paragon.jpg'), contentType: 'image/*' },
        { ref: cdn('film.mp4'), contentType: 'video/*' },
        { ref: 'https://cdn.fbsbx.com/v/t59.3654-21/audioclip-1780000000.mp4', contentType: 'audio/*' },
        { ref: 'https://cdn.fbsbx.com/v/t59.2708-21/faktura.pdf', contentType: 'application/octet-stream' },
      ],
    });
  });

  it('a location: its coordinates in words, a map as the reference', () => {
    expect(
      contactOf([
        {
          type: 'location',
          title: 'Lokalizacja Jana',
          url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps%2F%3Flvl%3D16%26cp%3D52.2297~21.0122',
          payload: { coordinates: { lat: 52.2297, long: 21.0122 } },
        },
      ]),
    ).toEqual({
      text: 'Lokalizacja: 52.2297, 21.0122',
      attachments: [{ ref: 'https://www.google.com/maps?q=52.2297,21.0122', contentType: 'text/uri-list' }],
    });
  });

  it('a sticker, and the “like” thumbs-up as a like', () => {
    const sticker = (id: number) => [{ type: 'image', payload: { url: cdn(`sticker-${id}.png`), sticker_id: id } }];
    expect(contactOf(sticker(369239263222822), { sticker_id: 369239263222822 })).toEqual({
      text: '👍 (polubienie)',
      attachments: [{ ref: cdn('sticker-369239263222822.png'), contentType: 'image/*' }],
    });
    expect(contactOf(sticker(126361874215276), { sticker_id: 126361874215276 }).text).toBe('[Naklejka]');
  });

  it('a shared link (fallback), a shared post and a product (templates)', () => {
    const link = 'https://l.facebook.com/l.php?u=https%3A%2F%2Fsklep.example.pl%2Fzamowienie%2F1234';
    expect(contactOf([{ type: 'fallback', title: 'Zamówienie nr 1234 — Sklep Żółw', url: link, payload: null }])).toEqual({
      text: `Udostępniony link: Zamówienie nr 1234 — Sklep Żółw ${link}`,
      attachments: [{ ref: link, contentType: 'text/uri-list' }],
    });
    expect(
      contactOf([
        {
          type: 'template',
          payload: {
            template_type: 'generic',
            elements: [
              {
                title: 'Wyprzedaż zimowa',
                image_url: cdn('post.jpg'),
                default_action: { type: 'web_url', url: 'https://www.facebook.com/sklep/posts/1234' },
              },
            ],
          },
        },
      ]),
    ).toEqual({
      text: '[Udostępniony post] Wyprzedaż zimowa',
      attachments: [{ ref: 'https://www.facebook.com/sklep/posts/1234', contentType: 'application/x-messenger-template' }],
    });
    expect(
      contactOf([
        {
          type: 'template',
          payload: {
            product: {
              elements: [
                {
                  id: '5432109876',
                  retailer_id: 'BUT-42',
                  image_url: cdn('but.jpg'),
                  title: 'Buty trekkingowe',
                  subtitle: '349 zł',
                },
              ],
            },
          },
        },
      ]),
    ).toEqual({
      text: '[Produkt] Buty trekkingowe',
      attachments: [{ ref: cdn('but.jpg'), contentType: 'application/x-messenger-template' }],
    });
  });

  it('a reel, an Instagram reel and a story mention', () => {
    const reel = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17890&signature=abc';
    expect(
      contactOf([
        { type: 'reel', payload: { url: reel, title: 'Nowa kolekcja', reel_video_id: 1780000001 } },
        { type: 'ig_reel', payload: { url: reel, title: 'Jak dobrać rozmiar', reel_video_id: 1780000002 } },
        { type: 'story_mention', payload: { url: reel } },
      ]),
    ).toEqual({
      text: '[Rolka] Nowa kolekcja\n[Rolka] Jak dobrać rozmiar\n[Oznaczenie w relacji]',
      attachments: [
        { ref: reel, contentType: 'video/*' },
        { ref: reel, contentType: 'video/*' },
        { ref: reel, contentType: 'application/x-messenger-story_mention' },
      ],
    });
  });

  it('a kind Meta adds later is kept by its type, with or without a URL', () => {
    expect(contactOf([{ type: 'hologram', payload: { url: 'https://cdn.fbsbx.com/v/h.bin' } }, { type: 'avatar' }])).toEqual({
      text: '[Załącznik: hologram]\n[Załącznik: avatar]',
      attachments: [{ ref: 'https://cdn.fbsbx.com/v/h.bin', contentType: 'application/x-messenger-hologram' }],
    });
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
      text: 'Zamówienie nie dotarło, proszę o pomoc — Łódź\n[Plik]',
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

  it('cuts a text longer than we keep, on a character boundary, with a marker saying how long it was', () => {
    const long = 'Zażółć 😕 '.repeat(5000);
    const [event] = readMessengerEvents(webhook({ messaging: [item({ message: { mid: 'm_long', text: long } })] }));
    if (event.kind !== 'contact') throw new Error('expected a contact');
    const { text } = messengerToContact(event, new Date(at));
    expect([...text]).toHaveLength(CONTACT_TEXT_LIMIT);
    expect(text.startsWith('Zażółć 😕 Zażółć')).toBe(true);
    expect(text.endsWith(`… [skrócono, całość: ${[...long].length} znaków]`)).toBe(true);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('never dates a message in the future', () => {
    const [event] = readMessengerEvents(webhook({ messaging: [item({ message: { mid: 'm_f', text: 'x' } })] }));
    if (event.kind !== 'contact') throw new Error('expected a contact');
    expect(messengerToContact(event, new Date(at - 60_000)).receivedAt).toBe(new Date(at - 60_000).toISOString());
  });
});
